package io.jcalico.felix.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the test beds start a calico-node JVM: with the flags of {@code bin/calico-node} (full
 * tiered compilation, a small serial heap) and, as there, a class-data-sharing archive of the
 * classes a start loads, so a daemon maps them instead of loading, parsing and verifying ~6000
 * classes: the cost that dominates a start on a loaded machine, and what a restart test waits out.
 *
 * <p>The JVM archives classes from jars only, so the class directories of the test class path
 * (the reactor's {@code target/classes}) are packed into jars under {@code target/e2e-cds/}; a jar
 * is rewritten only when its content changed (fixed entry times), so the archive, which the JVM
 * checks against each jar's size and time, stays valid from run to run. Test classes stay out:
 * the daemon needs none, and editing a test must not cost a new archive. The archive is made by
 * {@code scripts/train-calico-node.sh} when there is none newer than every jar (once per build,
 * ~20 s); without it (training failed) the daemons still run, slower to start.
 */
public final class DaemonJvm {
  private static final Logger log = LoggerFactory.getLogger(DaemonJvm.class);
  /**
   * bin/calico-node's, with a small stack and an initial heap that holds a start's garbage in a few
   * young collections (with 32 MB it took five, 0.3 s of pauses on a loaded machine).
   */
  static final List<String> FLAGS = List.of("-XX:+UseSerialGC", "-Xms64m", "-Xmx256m", "-Xss512k");
  private static final long FIXED_ENTRY_TIME = 315_532_800_000L; // 1980-01-01, the zip format's first day
  private static final Path DIR = Path.of("target", "e2e-cds").toAbsolutePath();
  private static DaemonJvm instance;

  private final String classPath;
  private final Optional<Path> archive;

  private DaemonJvm(String classPath, Optional<Path> archive) {
    this.classPath = classPath;
    this.archive = archive;
  }

  /** The daemons' class path and archive, made on first use (training, if needed, blocks the caller). */
  public static synchronized DaemonJvm get() {
    if (instance == null) {
      String cp = daemonClassPath();
      instance = new DaemonJvm(cp, archiveFor(cp));
    }
    return instance;
  }

  /** {@code java <flags> [archive] -cp <jars>}: the command up to the main class. */
  List<String> command() {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(FLAGS);
    archive.ifPresent(a -> cmd.add("-XX:SharedArchiveFile=" + a));
    cmd.addAll(List.of("-cp", classPath));
    return cmd;
  }

  String classPath() {
    return classPath;
  }

  /** The test class path without test classes, each class directory as a jar. */
  private static String daemonClassPath() {
    List<String> out = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
      Path p = Path.of(entry).toAbsolutePath().normalize();
      if (!Files.isDirectory(p)) {
        out.add(p.toString());
      } else if (!p.getFileName().toString().equals("test-classes")) {
        out.add(jarOf(p).toString());
      }
    }
    return String.join(java.io.File.pathSeparator, out);
  }

  /** {@code <module>/target/classes} as {@code target/e2e-cds/<module>-classes.jar}, rewritten only if it differs. */
  private static Path jarOf(Path classes) {
    Path jar = DIR.resolve(classes.getParent().getParent().getFileName() + "-" + classes.getFileName() + ".jar");
    try {
      byte[] content = pack(classes);
      if (!Files.exists(jar) || !java.util.Arrays.equals(Files.readAllBytes(jar), content)) {
        Files.createDirectories(DIR);
        Path tmp = Files.createTempFile(DIR, jar.getFileName().toString(), ".tmp");
        Files.write(tmp, content);
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return jar;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot pack " + classes + " into " + jar, e);
    }
  }

  /** The directory's files as a jar whose bytes depend on nothing but their names and content. */
  private static byte[] pack(Path dir) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    try (JarOutputStream jar = new JarOutputStream(bytes)) {
      for (Path f : files) {
        ZipEntry e = new ZipEntry(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/'));
        e.setTime(FIXED_ENTRY_TIME);
        jar.putNextEntry(e);
        Files.copy(f, jar);
        jar.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  /**
   * The archive for this class path and JDK (its name carries a hash of both), trained anew when
   * none is newer than every jar; empty if training failed.
   */
  private static Optional<Path> archiveFor(String classPath) {
    String key = HexFormat.of().formatHex(sha256(classPath + "\n" + System.getProperty("java.vm.version"))).substring(0, 16);
    Path archive = DIR.resolve("calico-node-" + key + ".jsa");
    try {
      if (Files.exists(archive) && newestJar(classPath) < Files.getLastModifiedTime(archive).toMillis()) {
        return Optional.of(archive);
      }
      Files.deleteIfExists(archive);
      return train(classPath, archive);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long newestJar(String classPath) throws IOException {
    long newest = 0;
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      newest = Math.max(newest, Files.getLastModifiedTime(Path.of(entry)).toMillis());
    }
    return newest;
  }

  private static Optional<Path> train(String classPath, Path archive) throws IOException {
    Path script = repoFile(Path.of("scripts", "train-calico-node.sh"));
    Path logFile = Path.of("target", "e2e-logs", "cds-training.log").toAbsolutePath();
    Files.createDirectories(logFile.getParent());
    Path part = archive.resolveSibling(archive.getFileName() + ".part");
    Files.deleteIfExists(part);
    List<String> cmd = new ArrayList<>(List.of(script.toString(), part.toString(),
        Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(FLAGS);
    cmd.addAll(List.of("-XX:ArchiveClassesAtExit=" + part, "-cp", classPath, io.jcalico.felix.CalicoNodeMain.class.getName()));
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(logFile.toFile());
    Process p = pb.start();
    try {
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroy(); // the script's trap ends the daemon and etcd it started
        p.waitFor(30, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroy();
      Thread.currentThread().interrupt();
    }
    if (p.isAlive() || p.exitValue() != 0 || !Files.exists(part)) {
      log.warn("no class-data-sharing archive for the test daemons (see {}): they start slower", logFile);
      return Optional.empty();
    }
    Files.move(part, archive, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    log.info("class-data-sharing archive for the test daemons trained in {} ms: {}", (System.nanoTime() - t0) / 1_000_000, archive);
    return Optional.of(archive);
  }

  /** A file of the repository, found from the module directory the tests run in. */
  private static Path repoFile(Path relative) {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.exists(d.resolve(relative))) return d.resolve(relative);
    }
    throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
  }

  private static byte[] sha256(String s) {
    try {
      return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
