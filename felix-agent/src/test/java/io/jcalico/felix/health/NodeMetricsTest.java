package io.jcalico.felix.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.cni.CniHandler;
import io.jcalico.felix.cni.CniInvocation;
import io.jcalico.felix.cni.CniOutcome;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CNI requests are counted by result and timed; BGP and route gauges read their sources at scrape time. */
class NodeMetricsTest {
  @Test
  void cniRequestsAreCountedAndTimedAndGaugesAreLive() {
    Metrics m = new Metrics();
    CniHandler inner = inv -> new CniOutcome(inv.env().get("CNI_COMMAND").equals("ADD") ? 0 : 1, new byte[0], new byte[0]);
    CniHandler timed = NodeMetrics.timed(inner, m);
    timed.handle(new CniInvocation("calico", Map.of("CNI_COMMAND", "ADD"), new byte[0]));
    timed.handle(new CniInvocation("calico", Map.of("CNI_COMMAND", "ADD"), new byte[0]));
    timed.handle(new CniInvocation("calico", Map.of("CNI_COMMAND", "DEL"), new byte[0]));
    int[] routes = {3};
    NodeMetrics.routesProgrammed(m, () -> routes[0]);
    NodeMetrics.bgpSessions(m, () -> Map.of("Established", 2L, "Active", 1L));
    routes[0] = 7;
    String text = m.scrape();
    assertThat(text)
        .contains("calico_cni_requests_total{plugin=\"calico\",command=\"ADD\",result=\"ok\"} 2\n")
        .contains("calico_cni_requests_total{plugin=\"calico\",command=\"DEL\",result=\"error\"} 1\n")
        .contains("calico_cni_request_duration_seconds_count{plugin=\"calico\",command=\"ADD\"} 2\n")
        .contains("calico_routes_programmed 7\n")
        .contains("calico_bgp_peers{state=\"Established\"} 2\n")
        .contains("calico_bgp_peers{state=\"Idle\"} 0\n");
  }
}
