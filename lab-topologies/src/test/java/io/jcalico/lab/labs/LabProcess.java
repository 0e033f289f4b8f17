package io.jcalico.lab.labs;

import io.jcalico.lab.LabMain;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * One {@code lab} command in a JVM of its own, as {@code bin/lab} runs it (same main class, same
 * class path, same JVM flags), its stdout and stderr in files. {@link #close()} kills it if it is
 * still running.
 */
final class LabProcess implements AutoCloseable {
  private final Process process;
  private final Path out;
  private final Path err;

  private LabProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code lab args...}; {@code name} names its output files in {@code dir}. */
  static LabProcess start(Path dir, String name, String... args) {
    List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"),
        LabMain.class.getName()));
    argv.addAll(List.of(args));
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    try {
      return new LabProcess(new ProcessBuilder(argv).redirectOutput(out.toFile()).redirectError(err.toFile()).start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean alive() {
    return process.isAlive();
  }

  String out() {
    return read(out);
  }

  String err() {
    return read(err);
  }

  /** Waits until the command has written {@code text} to stderr; fails at once if it ends without. */
  void awaitErr(String text, Duration timeout) {
    Awaitility.await(pid() + " writes \"" + text + "\" to stderr").atMost(timeout).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (err().contains(text)) {
            return true;
          }
          if (!alive()) {
            throw new AssertionError("lab command " + pid() + " ended (exit " + process.exitValue() + ") without writing \""
                + text + "\"; stdout: " + out() + " stderr: " + err());
          }
          return false;
        });
  }

  /** Its exit code, once it has ended (fails when it has not by then). */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("lab command " + pid() + " still runs after " + timeout + "; stderr: " + err());
    }
    return process.exitValue();
  }

  /** SIGKILL, as the kernel's OOM killer or {@code kill -9} would end it. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /** Kills it if it still runs, and copies what it wrote to the test's log. */
  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill();
    }
    System.out.printf("--- lab command %d (%s), exit %d%n%s%s", pid(), out.getFileName(), process.exitValue(), out(), err());
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
