package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with stdin, a chosen environment and a deadline. */
public final class Exec {
  private Exec() {}

  /** What a finished command left: exit code, stdout and stderr apart (CNI results are on stdout only). */
  public record Result(int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    @Override
    public String toString() {
      return "exit " + exitCode + (stdout.isBlank() ? "" : ", stdout: " + stdout.strip())
          + (stderr.isBlank() ? "" : ", stderr: " + stderr.strip());
    }
  }

  /** {@code env} null keeps the JVM's environment; otherwise the child gets exactly {@code env}. */
  static Result run(List<String> cmd, Map<String, String> env, String stdin, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    if (env != null) {
      pb.environment().clear();
      pb.environment().putAll(env);
    }
    try {
      Process p = pb.start();
      CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
      try (OutputStream in = p.getOutputStream()) {
        if (stdin != null) in.write(stdin.getBytes(UTF_8));
      } catch (IOException e) {
        // the command exited without reading its stdin; its exit code tells the rest
      }
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        throw new AssertionError(String.join(" ", cmd) + " did not finish within " + timeout);
      }
      return new Result(p.exitValue(), out.get(), err.get());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + cmd, e);
    } catch (ExecutionException e) {
      throw new AssertionError("cannot read the output of " + cmd, e.getCause());
    }
  }

  /** Runs with the JVM's environment and fails the test on a non-zero exit. */
  static String check(String... cmd) {
    Result r = run(List.of(cmd), null, null, Duration.ofSeconds(30));
    if (!r.ok()) throw new AssertionError(String.join(" ", cmd) + ": " + r);
    return r.stdout();
  }

  /** Runs with the JVM's environment; the result whatever the exit code. */
  static Result quiet(String... cmd) {
    return run(List.of(cmd), null, null, Duration.ofSeconds(30));
  }

  private static String drain(InputStream s) {
    try (s) {
      return new String(s.readAllBytes(), UTF_8);
    } catch (IOException e) {
      return "";
    }
  }
}
