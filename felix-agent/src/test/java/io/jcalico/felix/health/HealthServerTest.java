package io.jcalico.felix.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Probes answer from the components' reports (stale reports count as failures); metrics scrape in Prometheus text. */
class HealthServerTest {
  private static final class MutableClock extends Clock {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");

    @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }

    @Override public Clock withZone(java.time.ZoneId zone) { return this; }

    @Override public Instant instant() { return now; }
  }

  private static HttpResponse<String> get(int port, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void probesAndMetrics() throws Exception {
    MutableClock clock = new MutableClock();
    HealthAggregator health = new HealthAggregator(clock);
    Metrics metrics = new Metrics();
    try (HealthServer server = new HealthServer(new InetSocketAddress("127.0.0.1", 0), health, metrics).start()) {
      assertThat(get(server.port(), "/readiness").statusCode()).as("nothing reported yet").isEqualTo(503);

      health.report("bgp", true, true, "3 sessions established", Duration.ofSeconds(20));
      health.report("datastore", true, false, "etcd unreachable", Duration.ZERO);
      assertThat(get(server.port(), "/liveness").statusCode()).isEqualTo(200);
      HttpResponse<String> ready = get(server.port(), "/readiness");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("datastore: live, not ready: etcd unreachable");

      health.report("datastore", true, true, "", Duration.ZERO);
      assertThat(get(server.port(), "/readiness").statusCode()).isEqualTo(200);

      clock.now = clock.now.plusSeconds(60); // the bgp component stopped reporting
      HttpResponse<String> live = get(server.port(), "/liveness");
      assertThat(live.statusCode()).isEqualTo(503);
      assertThat(live.body()).contains("bgp: not live, not ready, no report for 60 s");

      metrics.counter("calico_cni_requests_total", "CNI requests by command and result.", "command", "result").inc("ADD", "ok");
      metrics.gauge("calico_bgp_peers", "BGP sessions by state.", "state").set(3, "Established");
      metrics.histogram("calico_cni_duration_seconds", "CNI latency.", new double[] {0.01, 0.1}, "command").observe(0.02, "ADD");
      String text = get(server.port(), "/metrics").body();
      assertThat(text).contains("# TYPE calico_bgp_peers gauge\ncalico_bgp_peers{state=\"Established\"} 3\n")
          .contains("calico_cni_requests_total{command=\"ADD\",result=\"ok\"} 1\n")
          .contains("calico_cni_duration_seconds_bucket{command=\"ADD\",le=\"0.01\"} 0\n")
          .contains("calico_cni_duration_seconds_bucket{command=\"ADD\",le=\"0.1\"} 1\n")
          .contains("calico_cni_duration_seconds_count{command=\"ADD\"} 1\n");
    }
  }
}
