package jam.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build tool, run by Maven before the integration tests (not part of the jar): writes one AsciiDoc
 * man page per command, {@code jam.adoc}, {@code jam-serve.adoc}, ..., from the full command model
 * into the folder given as the argument. Asciidoctor's manpage backend turns them into troff (see
 * pom.xml); ManPagesIT compares the result with the committed {@code man/man1}.
 */
public final class ManPages {
  private ManPages() {}

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: ManPages OUTPUT_FOLDER");
      System.exit(2);
    }
    Path out = Path.of(args[0]);
    Files.createDirectories(out);
    for (CommandSpec spec : commands(CommandLineFactory.create())) {
      StringWriter page = new StringWriter();
      try (PrintWriter pw = new PrintWriter(page)) {
        ManPageGenerator.writeSingleManPage(pw, spec);
      }
      Files.writeString(
          out.resolve(pageName(spec) + ".adoc"), tidy(page.toString()), StandardCharsets.UTF_8);
    }
  }

  /** The root and every subcommand, as the generators see them (all registered). */
  static List<CommandSpec> commands(CommandLine root) {
    List<CommandSpec> specs = new ArrayList<>();
    specs.add(root.getCommandSpec());
    root.getSubcommands().values().forEach(sub -> specs.add(sub.getCommandSpec()));
    return specs;
  }

  /** {@code jam}, {@code jam-serve}, ...: the page's name, and its file's without the section. */
  static String pageName(CommandSpec spec) {
    return spec.qualifiedName("-");
  }

  /** The usage help's "%nExamples:%n" footer heading becomes a plain section title, "Examples". */
  static String tidy(String adoc) {
    return adoc.replaceAll("(?m)^==\\s+(.*?):?\\s*$", "== $1");
  }
}
