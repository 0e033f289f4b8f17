package io.jcalico.felix.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.felix.netlink.Sysctls;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace made by a test with {@code ip netns add}, and the handles the test opened
 * on it. {@link #close()} closes the handles and deletes the namespace (which deletes its links
 * and the veth peers elsewhere). Verification goes through {@code ip -j}: production code never
 * parses ip, tests may.
 */
public final class TestNetns implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String name;
  private NetNamespace handle;
  private Netlink netlink;

  TestNetns(String name) {
    this.name = name;
    run(List.of("ip", "netns", "add", name));
  }

  public String name() {
    return name;
  }

  public Path path() {
    return Path.of("/run/netns", name);
  }

  public synchronized NetNamespace namespace() {
    if (handle == null) {
      handle = Rtnetlink.openNamespace(path());
    }
    return handle;
  }

  public synchronized Netlink netlink() {
    if (netlink == null) {
      netlink = Rtnetlink.openIn(namespace());
    }
    return netlink;
  }

  public Sysctls sysctls() {
    return Sysctls.in(namespace());
  }

  /** {@code ip -n <ns> <args>}; fails the test on a non-zero exit. */
  public String ip(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-n", name));
    cmd.addAll(List.of(args));
    return run(cmd);
  }

  /** {@code ip -j -n <ns> <args>} parsed; an empty array for no output. */
  public JsonNode ipJson(String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "-j", "-n", name));
    cmd.addAll(List.of(args));
    String out = run(cmd).trim();
    try {
      return JSON.readTree(out.isEmpty() ? "[]" : out);
    } catch (IOException e) {
      throw new AssertionError("ip printed no JSON: " + out, e);
    }
  }

  /** Runs a command inside the namespace; returns its exit code (output in {@link Result}). */
  public Result exec(String... command) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name));
    cmd.addAll(List.of(command));
    return runForResult(cmd);
  }

  public record Result(int exitCode, String output) {}

  static String run(List<String> cmd) {
    Result r = runForResult(cmd);
    if (r.exitCode() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " exited " + r.exitCode() + ": " + r.output());
    }
    return r.output();
  }

  static Result runForResult(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(String.join(" ", cmd) + " did not finish");
      }
      return new Result(p.exitValue(), out);
    } catch (IOException e) {
      throw new AssertionError("cannot run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + cmd, e);
    }
  }

  @Override
  public synchronized void close() {
    try {
      if (netlink != null) {
        netlink.close();
      }
      if (handle != null) {
        handle.close();
      }
    } finally {
      runForResult(List.of("ip", "netns", "del", name));
    }
  }
}
