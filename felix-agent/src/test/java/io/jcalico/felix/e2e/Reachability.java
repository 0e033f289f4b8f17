package io.jcalico.felix.e2e;

import java.util.ArrayList;
import java.util.List;

/** Every ordered pair of pods, each tried with ping and with a TCP connection. */
public final class Reachability {
  private Reachability() {}

  /** What failed, one line per pair and kind; empty when every pod reached every other. */
  public static List<String> failures(List<TestPod> pods) {
    List<String> failed = new ArrayList<>();
    for (TestPod from : pods) {
      for (TestPod to : pods) {
        if (from == to) continue;
        Exec.Result ping = Traffic.ping(from, to);
        if (!ping.ok()) failed.add("ping " + from + " -> " + to + ": " + ping);
        Traffic.tcpEcho(from, to).ifPresent(e -> failed.add("TCP " + from + " -> " + to + ": " + e));
      }
    }
    return failed;
  }

  /** The number of ordered pairs {@link #failures} tries. */
  public static int pairs(List<TestPod> pods) {
    return pods.size() * (pods.size() - 1);
  }
}
