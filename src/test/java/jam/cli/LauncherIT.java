package jam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jam.testing.JamProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What bin/jam itself does before it starts Java. */
class LauncherIT {
  private static final Path RUN = JamProcess.PROJECT.resolve("target/run");

  /**
   * How -Xlog:class+load names a class loaded from the class-data archive jam made (the JDK's own
   * is another).
   */
  private static final String FROM_ARCHIVE = "source: shared objects file (top)";

  @TempDir Path dir;

  /**
   * Switching JAVA_HOME to another installation gets that JVM its own class-data archive, used from
   * then on, and leaves the archives of the others alone: one shared archive, made by one JVM,
   * would be silently ignored by every other.
   */
  @Test
  void eachJavaInstallationGetsAClassDataArchiveOfItsOwn() throws Exception {
    assertEquals(
        0,
        JamProcess.run(dir, Map.of(), "--version").exitCode()); // the default java's archive exists
    Map<Path, FileTime> before = archives();
    assertTrue(!before.isEmpty(), "no class-data archive in " + RUN);

    Path home =
        fakeJdk("other-jdk"); // another "installation": a java of its own, in a folder of its own
    Path own = RUN.resolve("jam.jar.other-jdk.jsa");
    try {
      JamProcess.Result run =
          JamProcess.run(
              dir,
              Map.of("JAVA_HOME", home.toString(), "JAM_JAVA_OPTS", "-Xlog:class+load=info"),
              "--version");
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(Files.size(own) > 0, own + " is empty");
      assertTrue(run.out().contains(FROM_ARCHIVE), "jam's classes did not come from " + own);
      assertEquals(before, without(archives(), own), "the other archives were rewritten");
    } finally {
      Files.deleteIfExists(own);
    }
  }

  /**
   * Short commands map the class-data archives where they were made to be mapped (relocating them
   * costs ~15 ms of every start); the relay, up on the network for hours, keeps the JVM's
   * randomized addresses.
   */
  @Test
  void shortCommandsMapTheArchivesWithoutRelocatingThem() throws Exception {
    String flags = "-XX:+UnlockDiagnosticVMOptions -XX:+PrintFlagsFinal";
    JamProcess.Result version = JamProcess.run(dir, Map.of("JAM_JAVA_OPTS", flags), "--version");
    assertEquals(0, version.exitCode(), version.err());
    assertTrue(flag(version.out()).matches(".*= 0 .*\\{command line}.*"), flag(version.out()));
    JamProcess.Result serve =
        JamProcess.run(dir, Map.of("JAM_JAVA_OPTS", flags), "serve", "--help");
    assertEquals(0, serve.exitCode(), serve.err());
    assertTrue(flag(serve.out()).contains("{default}"), flag(serve.out()));
  }

  /**
   * java found through a link (as /usr/bin/java is, through /etc/alternatives) is followed to its
   * installation; the answer is remembered between starts, and a link moved to another installation
   * is noticed: that one gets its own archive, not the other's, ignored.
   */
  @Test
  void aJavaLinkMovedToAnotherInstallationIsFollowed() throws Exception {
    Path first = fakeJdk("linked-jdk-a");
    Path second = fakeJdk("linked-jdk-b");
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path link = bin.resolve("java");
    Path archiveA = RUN.resolve("jam.jar.linked-jdk-a.jsa");
    Path archiveB = RUN.resolve("jam.jar.linked-jdk-b.jsa");
    String path = bin + ":/usr/bin:/bin";
    try {
      Files.createSymbolicLink(link, first.resolve("bin/java"));
      Result a = launch(path, Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
      assertEquals(0, a.code(), a.err());
      assertTrue(Files.size(archiveA) > 0, archiveA + " is empty");
      Result again = launch(path, Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
      assertTrue(again.out().contains(FROM_ARCHIVE), "the second start, without its archive");

      Files.delete(link);
      Files.createSymbolicLink(link, second.resolve("bin/java"));
      Result b = launch(path, Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
      assertEquals(0, b.code(), b.err());
      assertTrue(
          Files.exists(archiveB) && Files.size(archiveB) > 0,
          "the moved link still went to " + archiveA);
      assertTrue(b.out().contains(FROM_ARCHIVE), "jam's classes did not come from " + archiveB);
    } finally {
      deleteArchives(archiveA, archiveB);
    }
  }

  /**
   * A Java installation updated in place (a package upgrade keeps the path, and its files' old
   * mtimes, but changes their ctime) gets its archive made again: the JVM would ignore the old one,
   * start after start.
   */
  @Test
  void aJavaReinstalledInPlaceGetsItsArchiveMadeAgain() throws Exception {
    Path home = fakeJdk("reinstalled-jdk");
    Path archive = RUN.resolve("jam.jar.reinstalled-jdk.jsa");
    Map<String, String> env = Map.of("JAVA_HOME", home.toString());
    try {
      assertEquals(0, JamProcess.run(dir, env, "--version").exitCode());
      FileTime made = Files.getLastModifiedTime(archive);
      assertEquals(0, JamProcess.run(dir, env, "--version").exitCode());
      assertEquals(made, Files.getLastModifiedTime(archive), "made again with nothing changed");

      Thread.sleep(
          20); // time passes on purpose: the chmod's ctime must come after the archive was made
      Files.setPosixFilePermissions(
          home.resolve("bin/java"), PosixFilePermissions.fromString("rwxr-xr-x")); // ctime
      assertEquals(0, JamProcess.run(dir, env, "--version").exitCode());
      assertTrue(
          Files.getLastModifiedTime(archive).compareTo(made) > 0,
          "not made again after java changed");
    } finally {
      deleteArchives(archive);
    }
  }

  private static final String PATH = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");

  /**
   * An install of jam in {@code to}: bin/jam and the built jar, as a checkout after its first
   * build.
   */
  private static Path install(Path to) throws IOException {
    Files.createDirectories(to.resolve("bin"));
    Files.createDirectories(to.resolve("target"));
    Files.copy(JamProcess.LAUNCHER, to.resolve("bin/jam"));
    Files.copy(JamProcess.PROJECT.resolve("target/jam.jar"), to.resolve("target/jam.jar"));
    return to.resolve("bin/jam");
  }

  /**
   * A checkout in a folder whose path holds a space starts from its archive (its option is not
   * split at the space).
   */
  @Test
  void aCheckoutWhosePathHoldsASpaceStartsFromItsArchive() throws Exception {
    Path launcher = install(dir.resolve("my music/jam"));
    Result first = launch(launcher, PATH, Map.of(), "--version");
    assertEquals(0, first.code(), first.err());
    Result second =
        launch(launcher, PATH, Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"), "--version");
    assertEquals(0, second.code(), second.err());
    assertTrue(second.out().contains(FROM_ARCHIVE), "not from its archive:\n" + second.err());
  }

  /**
   * A checkout moved (or copied) elsewhere gets its archives made again: each records the jar's
   * path, and the JVM refuses it from any other, start after start.
   */
  @Test
  void aMovedCheckoutGetsItsArchivesMadeAgain() throws Exception {
    Path launcher = install(dir.resolve("before"));
    assertEquals(0, launch(launcher, PATH, Map.of(), "--version").code());
    assertTrue(
        launch(launcher, PATH, Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"), "--version")
            .out()
            .contains(FROM_ARCHIVE));

    Path moved = Files.move(dir.resolve("before"), dir.resolve("after"));
    Result first =
        launch(
            moved.resolve("bin/jam"),
            PATH,
            Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"),
            "--version");
    assertEquals(0, first.code(), first.err());
    Result second =
        launch(
            moved.resolve("bin/jam"),
            PATH,
            Map.of("JAM_JAVA_OPTS", "-Xlog:class+load=info"),
            "--version");
    assertEquals(0, second.code(), second.err());
    assertTrue(
        second.out().contains(FROM_ARCHIVE),
        "the moved checkout's classes did not come from an archive");
  }

  /**
   * A JAVA_HOME that is itself a link (as SDKMAN's "current"), moved to another JDK, gets that
   * JDK's own archive, named after the real folder.
   */
  @Test
  void aJavaHomeLinkMovedToAnotherJdkIsFollowed() throws Exception {
    Path first = fakeJdk("home-jdk-a");
    Path second = fakeJdk("home-jdk-b");
    Path current = dir.resolve("current");
    Path archiveA = RUN.resolve("jam.jar.home-jdk-a.jsa");
    Path archiveB = RUN.resolve("jam.jar.home-jdk-b.jsa");
    Map<String, String> env =
        Map.of("JAVA_HOME", current.toString(), "JAM_JAVA_OPTS", "-Xlog:class+load=info");
    try {
      Files.createSymbolicLink(current, first);
      assertEquals(0, JamProcess.run(dir, env, "--version").exitCode());
      assertTrue(
          Files.exists(archiveA) && Files.size(archiveA) > 0,
          "no archive named after the real folder, " + archiveA);
      Files.delete(current);
      Files.createSymbolicLink(current, second);
      JamProcess.Result b = JamProcess.run(dir, env, "--version");
      assertEquals(0, b.exitCode(), b.err());
      assertTrue(
          Files.exists(archiveB) && Files.size(archiveB) > 0,
          "no archive of its own for the JDK the link moved to");
      assertTrue(b.out().contains(FROM_ARCHIVE), "jam's classes did not come from " + archiveB);
    } finally {
      deleteArchives(archiveA, archiveB);
    }
  }

  /**
   * A source newer than the jar is noticed with a find that knows neither -cnewer nor -samefile
   * (BusyBox's): the one find that also checks Java fails as a whole there. Here a fake mvn only
   * says it was asked to build.
   */
  @Test
  void aChangedSourceIsNoticedWithAFindWithoutCnewer() throws Exception {
    Path checkout = dir.resolve("checkout");
    Path launcher = install(checkout);
    Path source = addSources(checkout);
    // older than the jar, folders too (the launcher's find lists a folder whose files changed):
    // made
    // after the jar was copied, they would be newer whenever the clock ticked in between
    for (Path p :
        List.of(
            source,
            source.getParent(),
            source.getParent().getParent(),
            checkout.resolve("pom.xml"))) {
      Files.setLastModifiedTime(p, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    }
    Path bin = Files.createDirectories(dir.resolve("busybox-like"));
    Path asked = dir.resolve("mvn-asked");
    script(
        bin.resolve("find"),
        "for a; do case $a in -cnewer|-samefile) echo \"find: unrecognized: $a\" >&2; exit 1;; esac; done\n"
            + "exec /usr/bin/find \"$@\"\n");
    script(bin.resolve("mvn"), "touch '" + asked + "'; echo 'no build here' >&2; exit 1\n");
    String path = bin + ":" + PATH;

    Result fresh = launch(launcher, path, Map.of(), "--version"); // makes the archive
    assertEquals(0, fresh.code(), fresh.err());
    Result again = launch(launcher, path, Map.of(), "--version");
    assertEquals(0, again.code(), again.err());
    assertTrue(!Files.exists(asked), "built with nothing changed");

    Files.setLastModifiedTime(source, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
    Result edited = launch(launcher, path, Map.of(), "--version");
    assertTrue(Files.exists(asked), "a changed source went unnoticed: " + edited.err());
    assertEquals(1, edited.code(), edited.err());
  }

  /**
   * Two starts that both find the jar older than the sources run one build between them: the second
   * waits for the first and then runs the jar it built. A fake mvn counts its runs and "builds" by
   * putting the real jar in place a second later.
   */
  @Test
  void twoStaleStartsAtOnceRunOneBuild() throws Exception {
    Path checkout = dir.resolve("checkout");
    Path launcher = install(checkout);
    Path source = addSources(checkout);
    Path jar = checkout.resolve("target/jam.jar");
    Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
    Path builds = dir.resolve("builds");
    Path bin = Files.createDirectories(dir.resolve("fake-maven"));
    script(
        bin.resolve("mvn"),
        "echo build >> '"
            + builds
            + "'; sleep 1; cp '"
            + JamProcess.PROJECT.resolve("target/jam.jar")
            + "' '"
            + jar
            + "'; touch '"
            + jar
            + "'\n");
    String path = bin + ":" + PATH;
    List<Process> starts = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      List<String> command = List.of("/bin/sh", launcher.toString(), "--version");
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
      pb.environment().remove("JAVA_HOME");
      pb.environment().put("PATH", path);
      starts.add(pb.start());
    }
    for (Process p : starts) {
      String out =
          new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/jam still running");
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("jam 0.1.0"), out);
    }
    assertEquals(List.of("build"), Files.readAllLines(builds), "two starts, one build");
  }

  /**
   * The relay's JVM options go to `jam serve` only, not to a join whose store file is named serve.
   */
  @Test
  void theJvmOptionsFollowTheCommandNotAnArgumentThatSpellsIt() throws Exception {
    Path home = fakeJdk("arguments-jdk");
    Path args = dir.resolve("java-args");
    Path java = home.resolve("bin/java");
    String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        java, "#!/bin/sh\necho \"$*\" >> '" + args + "'\nexec '" + real + "' \"$@\"\n");
    Result join =
        launch(PATH, Map.of("JAVA_HOME", home.toString()), "join", "--store", "serve", "--help");
    assertEquals(0, join.code(), join.err());
    Result serve = launch(PATH, Map.of("JAVA_HOME", home.toString()), "-q", "serve", "--help");
    assertEquals(0, serve.code(), serve.err());
    List<String> lines = Files.readAllLines(args);
    String joinLine =
        lines.stream().filter(l -> l.contains(" join ")).reduce((a, b) -> b).orElseThrow();
    String serveLine =
        lines.stream().filter(l -> l.contains(" serve --help")).reduce((a, b) -> b).orElseThrow();
    assertTrue(!joinLine.contains("-Xmn16m"), joinLine);
    assertTrue(serveLine.contains("-Xmn16m"), serveLine);
  }

  /** Gives a checkout a pom.xml and one source file, as new as now; the source. */
  private static Path addSources(Path checkout) throws IOException {
    Path source = Files.createDirectories(checkout.resolve("src/main/java")).resolve("A.java");
    Files.writeString(source, "class A {}\n");
    Files.writeString(checkout.resolve("pom.xml"), "<project/>\n");
    return source;
  }

  /** Removes these archives, each with its relocation marker. */
  private static void deleteArchives(Path... archives) throws IOException {
    for (Path a : archives) {
      Files.deleteIfExists(a);
      Files.deleteIfExists(a.resolveSibling(a.getFileName() + ".relocate"));
    }
  }

  private static void script(Path file, String body) throws IOException {
    Files.writeString(file, "#!/bin/sh\n" + body);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  /** A Java "installation" in dir: a java of its own that runs this JVM. */
  private Path fakeJdk(String name) throws IOException {
    Path home = dir.resolve(name);
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(java, "#!/bin/sh\nexec '" + real + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return home;
  }

  /**
   * A JVM that does not know -XX:ArchiveRelocationMode (a diagnostic flag, which a later JDK may
   * drop) is found out by the training run, marked beside its archive, and started without it: jam
   * still starts, from its archive.
   */
  @Test
  void aJavaWithoutTheRelocationFlagStillStartsFromItsArchive() throws Exception {
    Path home = dir.resolve("older-jdk");
    Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
    String real = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        java,
        "#!/bin/sh\n"
            + "for a; do case $a in -XX:ArchiveRelocationMode=*)\n"
            + "  echo \"Unrecognized VM option '${a#-XX:}'\" >&2; echo 'Error: Could not create the Java Virtual Machine.' >&2; exit 1;;\n"
            + "esac; done\n"
            + "exec '"
            + real
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path own = RUN.resolve("jam.jar.older-jdk.jsa");
    Path mark = RUN.resolve("jam.jar.older-jdk.jsa.relocate");
    try {
      Map<String, String> env =
          Map.of("JAVA_HOME", home.toString(), "JAM_JAVA_OPTS", "-Xlog:class+load=info");
      JamProcess.Result run = JamProcess.run(dir, env, "--version");
      assertEquals(0, run.exitCode(), run.err());
      assertTrue(Files.size(own) > 0, own + " is empty");
      assertTrue(Files.exists(mark), "no " + mark);
      assertTrue(run.out().contains(FROM_ARCHIVE), "jam's classes did not come from " + own);
      JamProcess.Result again = JamProcess.run(dir, env, "--version");
      assertEquals(0, again.exitCode(), again.err());
      assertTrue(again.out().contains(FROM_ARCHIVE), "the second start, without the archive");
    } finally {
      Files.deleteIfExists(own);
      Files.deleteIfExists(mark);
    }
  }

  /**
   * An install whose target/ its user cannot write (a shared copy) still starts, without an archive
   * of its own: a failed redirection on the shell's special builtin ':' once ended bin/jam with
   * exit 2. Run as nobody, which needs root to switch to; skipped elsewhere.
   */
  @Test
  void startsWhereTargetIsReadOnly() throws Exception {
    assumeTrue(
        "root".equals(System.getProperty("user.name"))
            && Files.isExecutable(Path.of("/usr/sbin/runuser")),
        "needs root and runuser to run as another user");
    Path copy = dir.resolve("shared-jam");
    install(copy);
    for (Path p = copy; p != null && !p.equals(dir.getParent()); p = p.getParent()) {
      Files.setPosixFilePermissions(
          p, PosixFilePermissions.fromString("rwxr-xr-x")); // readable by nobody, up the tree
    }
    Files.setPosixFilePermissions(
        copy.resolve("bin/jam"), PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.setPosixFilePermissions(
        copy.resolve("target/jam.jar"), PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(
        copy.resolve("target"), PosixFilePermissions.fromString("r-xr-xr-x"));
    Path out = dir.resolve("ro-out.txt");
    Path err = dir.resolve("ro-err.txt");
    Process p =
        new ProcessBuilder(
                "/usr/sbin/runuser",
                "-u",
                "nobody",
                "--",
                copy.resolve("bin/jam").toString(),
                "--version")
            .directory(copy.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/jam still running");
    assertEquals(0, p.exitValue(), Files.readString(err));
    assertTrue(Files.readString(out).startsWith("jam "), Files.readString(out));
    assertEquals("", Files.readString(err));
    try (Stream<Path> files = Files.list(copy.resolve("target"))) {
      assertEquals(
          List.of(copy.resolve("target/jam.jar")), files.toList(), "nothing written in target/");
    }
  }

  /** The line PrintFlagsFinal prints for ArchiveRelocationMode. */
  private static String flag(String flags) {
    return flags
        .lines()
        .filter(l -> l.contains(" ArchiveRelocationMode "))
        .findFirst()
        .orElse("(not printed)");
  }

  /** Without JAVA_HOME, java is the first one on PATH; without either, one line says what to do. */
  @Test
  void findsJavaOnThePathOrSaysItIsMissing() throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Files.createDirectories(dir.resolve("empty/java")); // a folder called java is not a java
    Files.createSymbolicLink(
        bin.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));

    Result found =
        launch("/nonexistent:" + dir.resolve("empty") + ":" + bin + ":/usr/bin:/bin", "--version");
    assertEquals(0, found.code(), found.err());
    assertTrue(found.out().startsWith("jam "), found.out());

    Result missing = launch(dir.resolve("empty") + ":/nonexistent", "--version");
    assertEquals(1, missing.code());
    assertEquals(
        "jam: java not found: install Java 17 or later, or set JAVA_HOME\n", missing.err());
    assertEquals("", missing.out());
  }

  private record Result(int code, String out, String err) {}

  /** bin/jam with this PATH and no JAVA_HOME. */
  private Result launch(String path, String... args) throws Exception {
    return launch(path, Map.of(), args);
  }

  /** bin/jam with this PATH, no JAVA_HOME, and these variables. */
  private Result launch(String path, Map<String, String> env, String... args) throws Exception {
    return launch(JamProcess.LAUNCHER, path, env, args);
  }

  /**
   * The launcher {@code launcher} (a copy's bin/jam) with this PATH, no JAVA_HOME, and these
   * variables.
   */
  private Result launch(Path launcher, String path, Map<String, String> env, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of("/bin/sh", launcher.toString()));
    command.addAll(List.of(args));
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().remove("JAVA_HOME");
    pb.environment().remove("JAM_JAVA_OPTS");
    pb.environment().putAll(env);
    pb.environment().put("PATH", path);
    Process p = pb.start();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "bin/jam still running");
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private static Map<Path, FileTime> archives() throws IOException {
    Map<Path, FileTime> found = new HashMap<>();
    try (Stream<Path> files = Files.list(RUN)) {
      for (Path f :
          (Iterable<Path>)
              files.filter(p -> p.getFileName().toString().endsWith(".jsa"))::iterator) {
        found.put(f, Files.getLastModifiedTime(f));
      }
    }
    return found;
  }

  private static Map<Path, FileTime> without(Map<Path, FileTime> map, Path key) {
    Map<Path, FileTime> copy = new HashMap<>(map);
    copy.remove(key);
    return copy;
  }
}
