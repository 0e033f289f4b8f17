package io.jcalico.bgp.routers;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/** Runs a short command (a daemon's CLI) to completion and captures its output. */
final class Exec {
  // Own daemon threads: the common pool may have a single thread on 2 cores, and two blocking
  // drains sharing it would deadlock on a full stderr pipe.
  private static final ExecutorService DRAINERS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "exec-drain");
    t.setDaemon(true);
    return t;
  });

  private Exec() {}

  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }

    /** The output, or an exception naming the command when it failed. */
    String stdoutOrThrow() {
      if (!ok()) {
        throw new RouterDaemonException(String.join(" ", command) + " exited " + exitCode + ": "
            + (stderr.isBlank() ? stdout : stderr).strip());
      }
      return stdout;
    }
  }

  static Result run(Duration timeout, List<String> command) {
    Process process;
    try {
      process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + command, e);
    }
    // Both pipes drained concurrently so a chatty command cannot block on a full pipe.
    CompletableFuture<String> out = drain(process.getInputStream());
    CompletableFuture<String> err = drain(process.getErrorStream());
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new RouterDaemonException(String.join(" ", command) + " did not finish within " + timeout);
      }
      return new Result(command, process.exitValue(), out.join(), err.join());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new RouterDaemonException("interrupted running " + command, e);
    }
  }

  private static CompletableFuture<String> drain(InputStream in) {
    return CompletableFuture.supplyAsync(() -> {
      try (in) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (IOException e) {
        return "";
      }
    }, DRAINERS);
  }
}
