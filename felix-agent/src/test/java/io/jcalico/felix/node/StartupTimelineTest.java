package io.jcalico.felix.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.node.StartupTimeline.Phase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StartupTimelineTest {
  private final AtomicLong now = new AtomicLong(10_000);
  private final List<String> lines = new ArrayList<>();
  private final StartupTimeline timeline = new StartupTimeline(now::get, 9_000, lines::add);

  private void markAt(long millis, Phase p) {
    now.set(millis);
    timeline.mark(p);
  }

  @Test
  void writesOneLineInTheOrderReachedOnceEveryPhaseIsIn() {
    long t = 9_300;
    for (Phase p : Phase.values()) {
      if (p != Phase.BGP_LISTENING) markAt(t += 100, p);
    }
    assertThat(lines).as("BGP is not listening yet").isEmpty();
    // reached before the policy was programmed, marked late: the line orders by time, not by call
    markAt(9_550, Phase.BGP_LISTENING);

    assertThat(lines).containsExactly("start-up (ms since the process started): jvm main 400, config 500,"
        + " bgp listening 550, etcd connected 600, node registered 700, datastore synced 800, routes adopted 900,"
        + " policy programmed 1000, cni listening 1100, ready 1200");
  }

  @Test
  void onlyTheFirstMarkOfAPhaseCountsAndTheLineIsWrittenOnce() {
    markAt(9_400, Phase.ETCD_CONNECTED);
    markAt(12_000, Phase.ETCD_CONNECTED); // a reconnect later is no start-up
    assertThat(timeline.offset(Phase.ETCD_CONNECTED)).hasValue(400);
    assertThat(timeline.offset(Phase.READY)).isEmpty();

    for (Phase p : Phase.values()) markAt(13_000, p);
    markAt(14_000, Phase.READY);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).contains("etcd connected 400,").endsWith("ready 4000");
  }

  @Test
  void thisProcessStartedBeforeItsMainAndNotLongerAgoThanTheJvmSays() {
    long jvmAge = System.currentTimeMillis() - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
    var age = StartupTimeline.processAgeMillis();
    assertThat(age).isPresent();
    assertThat(age.getAsLong()).isPositive().isBetween(jvmAge - 50, jvmAge + 1000);
  }
}
