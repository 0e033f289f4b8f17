package io.jcalico.felix.shim;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner} on real processes. Stdin is written and stderr drained on helper
 * threads while stdout is read here: iptables-save of a large table is megabytes, and a child
 * blocked on a full pipe would otherwise never exit. A command that runs longer than the
 * timeout is killed and reported as exit code -1.
 */
enum ProcessCommandRunner implements CommandRunner {
  INSTANCE;

  private static final long TIMEOUT_SECONDS = 120;
  /** Pipe pumps block on I/O, so they get their own threads, not the common pool. */
  private static final ExecutorService PUMPS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "exec-pipe");
    t.setDaemon(true);
    return t;
  });

  @Override
  public Output run(List<String> argv, String stdin) {
    Process p;
    try {
      p = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      return new Output(argv, -1, "", "cannot start: " + e.getMessage());
    }
    try {
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> feed(p.getOutputStream(), stdin), PUMPS);
      CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()), PUMPS);
      String out = drain(p.getInputStream());
      if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return new Output(argv, -1, out, "timed out after " + TIMEOUT_SECONDS + " s");
      }
      writer.exceptionally(t -> null).get();
      return new Output(argv, p.exitValue(), out, err.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      return new Output(argv, -1, "", "interrupted");
    } catch (ExecutionException | UncheckedIOException e) {
      p.destroyForcibly();
      return new Output(argv, -1, "", String.valueOf(e.getCause()));
    }
  }

  private static void feed(OutputStream in, String stdin) {
    try (in) {
      if (stdin != null) {
        in.write(stdin.getBytes(UTF_8));
      }
    } catch (IOException e) {
      // the tool exited before reading everything; its exit code tells why
    }
  }

  private static String drain(InputStream s) {
    try (s) {
      return new String(s.readAllBytes(), UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
