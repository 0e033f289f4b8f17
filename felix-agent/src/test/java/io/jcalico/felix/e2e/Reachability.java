package io.jcalico.felix.e2e;

import inet.ipaddr.IPAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Every ordered pair of pods, each tried with ping and with a TCP connection, on every address
 * of the target whose family the source has too (both families between dual-stack pods).
 */
public final class Reachability {
  private Reachability() {}

  /** What failed, one line per pair, address and kind; empty when every pod reached every other. */
  public static List<String> failures(List<TestPod> pods) {
    List<String> failed = new ArrayList<>();
    for (TestPod from : pods) {
      for (TestPod to : pods) {
        if (from == to) continue;
        for (IPAddress dst : to.addresses()) {
          if (from.ip(dst.isIPv4() ? 4 : 6).isEmpty()) continue;
          Exec.Result ping = Traffic.ping(from, dst);
          if (!ping.ok()) failed.add("ping " + from + " -> " + dst + ": " + ping);
          Traffic.tcpEcho(from, to, dst).ifPresent(e -> failed.add("TCP " + from + " -> " + dst + ": " + e));
        }
      }
    }
    return failed;
  }

  /** The number of ordered pairs {@link #failures} tries. */
  public static int pairs(List<TestPod> pods) {
    return pods.size() * (pods.size() - 1);
  }
}
