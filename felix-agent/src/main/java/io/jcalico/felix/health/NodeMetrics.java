package io.jcalico.felix.health;

import io.jcalico.felix.cni.CniHandler;
import io.jcalico.felix.cni.CniOutcome;
import io.jcalico.felix.cni.StepTimings;
import java.util.Map;
import java.util.function.Supplier;

/** The node's Prometheus series: CNI requests and latency, BGP sessions, programmed routes. */
public final class NodeMetrics {
  private static final double[] CNI_BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

  private NodeMetrics() {}

  /** A CNI handler that counts and times every request by plugin, command and result. */
  public static CniHandler timed(CniHandler inner, Metrics m) {
    Metrics.Counter requests = m.counter("calico_cni_requests_total", "CNI requests by plugin, command and result.",
        "plugin", "command", "result");
    Metrics.Histogram latency = m.histogram("calico_cni_request_duration_seconds", "CNI request latency.",
        CNI_BUCKETS, "plugin", "command");
    return invocation -> {
      long t0 = System.nanoTime();
      CniOutcome out = inner.handle(invocation);
      String cmd = invocation.env().getOrDefault("CNI_COMMAND", "");
      latency.observe((System.nanoTime() - t0) / 1e9, invocation.plugin(), cmd);
      requests.inc(invocation.plugin(), cmd, out.exitCode() == 0 ? "ok" : "error");
      return out;
    };
  }

  /** Step durations of CNI requests (IPAM, dataplane, endpoint), to see where a slow ADD spends its time. */
  public static StepTimings cniSteps(Metrics m) {
    Metrics.Histogram h = m.histogram("calico_cni_step_duration_seconds", "CNI request steps by command and step.",
        CNI_BUCKETS, "command", "step");
    return (command, step, nanos) -> h.observe(nanos / 1e9, command, step);
  }

  /** Sessions per state, computed at scrape time. */
  public static void bgpSessions(Metrics m, Supplier<Map<String, Long>> countsByState) {
    Metrics.Gauge g = m.gauge("calico_bgp_peers", "BGP sessions by state.", "state");
    for (String state : new String[] {"Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"}) {
      g.track(() -> countsByState.get().getOrDefault(state, 0L).doubleValue(), state);
    }
  }

  public static void routesProgrammed(Metrics m, Supplier<Integer> programmed) {
    m.gauge("calico_routes_programmed", "Kernel routes owned by calico-node (protocol 80).")
        .track(() -> programmed.get().doubleValue());
  }
}
