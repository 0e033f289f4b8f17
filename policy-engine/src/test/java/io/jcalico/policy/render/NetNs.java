package io.jcalico.policy.render;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made for one test and deleted afterwards, so kernel tools can check and
 * apply rendered text without touching the host's own tables.
 */
final class NetNs implements AutoCloseable {

  /** What a command printed and how it exited. */
  record Result(int exit, String out, String err) {
    Result ok() {
      if (exit != 0) {
        throw new AssertionError("exit " + exit + ": " + err + out);
      }
      return this;
    }
  }

  final String name = "jcpe-" + UUID.randomUUID().toString().substring(0, 8);

  NetNs() throws IOException, InterruptedException {
    run(null, "ip", "netns", "add", name).ok();
  }

  /** Runs a command inside the namespace with {@code stdin} fed to it. */
  Result exec(String stdin, String... command) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(command));
    return run(stdin, cmd.toArray(String[]::new));
  }

  static Result run(String stdin, String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).start();
    try {
      if (stdin != null) {
        p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      p.getOutputStream().close();
      // outputs stay small (a listing of our own tables); read them after the process ends
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new AssertionError("timed out: " + String.join(" ", command));
      }
      return new Result(p.exitValue(),
          new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
          new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    } finally {
      p.destroyForcibly();
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    run(null, "ip", "netns", "del", name).ok();
  }
}
