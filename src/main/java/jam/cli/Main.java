package jam.cli;

/** Entry point of the jam jar. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(CommandLineFactory.create(args).execute(args));
  }
}
