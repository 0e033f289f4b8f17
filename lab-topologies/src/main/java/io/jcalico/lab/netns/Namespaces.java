package io.jcalico.lab.netns;

import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.felix.shim.CommandRunner.Output;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Named network namespaces and veth pairs, through {@code ip}: what a lab is made of. Every
 * operation is by name, so a later process (another {@code lab} command) can find and remove what
 * an earlier one made.
 */
public final class Namespaces {
  static final String IP = "ip";
  private static final CommandRunner HOST = CommandRunner.local();

  private Namespaces() {}

  /** Creates the namespace with {@code lo} up. */
  public static void add(String ns) {
    run(IP, "netns", "add", ns);
    run(IP, "-n", ns, "link", "set", "lo", "up");
  }

  public static boolean exists(String ns) {
    return list().contains(ns);
  }

  /** Every named namespace on the machine. */
  public static List<String> list() {
    List<String> out = new ArrayList<>();
    for (String line : HOST.run(List.of(IP, "netns", "list"), null).stdout().split("\n")) {
      if (!line.isBlank()) {
        out.add(line.split(" ")[0]);
      }
    }
    return out;
  }

  /** The processes whose network namespace it is (daemons, their children, anything exec'd there). */
  public static List<Long> pids(String ns) {
    return Arrays.stream(HOST.run(List.of(IP, "netns", "pids", ns), null).stdout().split("\\s+"))
        .filter(s -> !s.isBlank()).map(Long::parseLong).toList();
  }

  /**
   * Ends every process in the namespace (SIGTERM, SIGKILL for those still there after a grace
   * period) and deletes it, which deletes its interfaces and the far ends of its veths.
   * Returns the number of processes it ended; a namespace already gone is fine.
   */
  public static int delete(String ns, long graceMillis) {
    if (!exists(ns)) {
      return 0;
    }
    List<Long> pids = pids(ns);
    pids.forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroy));
    long deadline = System.currentTimeMillis() + graceMillis;
    while (System.currentTimeMillis() < deadline && pids.stream().anyMatch(Namespaces::alive)) {
      sleep(50);
    }
    pids(ns).forEach(p -> ProcessHandle.of(p).ifPresent(ProcessHandle::destroyForcibly));
    for (int i = 0; i < 40 && !pids(ns).isEmpty(); i++) {
      sleep(50);
    }
    HOST.run(List.of(IP, "netns", "del", ns), null);
    return pids.size();
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * A veth pair made directly in the two namespaces (never on the host), both ends up. With an
   * MTU both ends get it; otherwise the kernel's default.
   */
  public static void veth(String nsA, String ifA, String nsB, String ifB, OptionalInt mtu) {
    List<String> cmd = new ArrayList<>(List.of(IP, "-n", nsA, "link", "add", ifA));
    mtu.ifPresent(m -> cmd.addAll(List.of("mtu", Integer.toString(m))));
    cmd.addAll(List.of("type", "veth", "peer", "name", ifB, "netns", nsB));
    mtu.ifPresent(m -> cmd.addAll(List.of("mtu", Integer.toString(m))));
    run(cmd.toArray(String[]::new));
    run(IP, "-n", nsA, "link", "set", ifA, "up");
    run(IP, "-n", nsB, "link", "set", ifB, "up");
  }

  /** Runs a command inside the namespace; its output whatever the exit code. */
  public static Output exec(String ns, List<String> argv) {
    return CommandRunner.inNetns(ns).run(argv, null);
  }

  /** Sets sysctls inside the namespace ({@code /proc/sys/net} is per namespace). */
  public static void sysctl(String ns, String key, String value) {
    exec(ns, List.of("sysctl", "-qw", key + "=" + value)).orThrow();
  }

  /** Runs a host command (an {@code ip} call), throwing with its output when it fails. */
  public static String run(String... argv) {
    return HOST.run(List.of(argv), null).orThrow().stdout();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
