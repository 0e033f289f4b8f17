package io.jcalico.ipam;

import static io.jcalico.ipam.IpamTestSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.store.Keys;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.gc.GcReport;
import io.jcalico.ipam.gc.IpamGarbageCollector;
import io.jcalico.ipam.gc.LiveState;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Leak detection and garbage collection: grace period, last-moment confirmation, reuse and node loss. */
class IpamGarbageCollectionTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();
  private static final Duration GRACE = Duration.ofMinutes(15);

  private EtcdAccess access;
  private EtcdIpam ipam;
  private final MutableClock clock = new MutableClock();

  @BeforeEach
  void fresh() {
    etcd.clear();
    access = IpamTestSupport.access(etcd);
    ipam = EtcdIpam.create(access, PoolSource.of(PoolSpec.of("198.18.0.0/24"), PoolSpec.of("198.18.1.0/30", 30)));
  }

  @AfterEach
  void close() {
    access.close();
  }

  private BlockAllocation allocate(String container, String node) {
    return ipam.autoAssign(AutoAssignArgs.of(1, 0, AutoAssignArgs.workloadHandle(container),
        pod(node, "ns", container), node)).ipv4().get(0);
  }

  private static String h(String container) {
    return AutoAssignArgs.workloadHandle(container);
  }

  @Test
  void releasesLeaksOnlyAfterTheGracePeriodAndAfterConfirming() {
    allocate("live", "node-a");
    BlockAllocation dead = allocate("dead", "node-a");
    allocate("revived", "node-a");
    // a node's tunnel address is not a workload's: never a leak
    ipam.assignIp(IpamTestSupport.ip("198.18.0.200"), "ipip-tunnel-addr-node-a", Map.of("type", "ipipTunnelAddress"), "node-a");

    assertThat(ipam.findLeaks(Set.of(h("live")))).extracting(Leak::handleId)
        .containsExactlyInAnyOrder(h("dead"), h("revived"));

    // the second look (right before releasing) sees "revived" come back
    List<LiveState> answers = new ArrayList<>(List.of(
        LiveState.ofHandles(Set.of(h("live"))), LiveState.ofHandles(Set.of(h("live"))),
        LiveState.ofHandles(Set.of(h("live"))), LiveState.ofHandles(Set.of(h("live"), h("revived")))));
    Supplier<LiveState> live = () -> answers.size() > 1 ? answers.remove(0) : answers.get(0);
    IpamGarbageCollector gc = new IpamGarbageCollector(ipam, live, GRACE, clock);

    GcReport first = gc.runOnce();
    assertThat(first.waiting()).hasSize(2);
    assertThat(first.released()).isEmpty();
    clock.advance(Duration.ofMinutes(10));
    assertThat(gc.runOnce().released()).as("still inside the grace period").isEmpty();
    clock.advance(Duration.ofMinutes(6));
    GcReport due = gc.runOnce();
    assertThat(due.released()).extracting(Leak::handleId).containsExactly(h("dead"));
    assertThat(due.kept()).extracting(Leak::handleId).containsExactly(h("revived"));

    assertThat(ipam.getAssignmentAttributes(dead.address())).isEmpty();
    assertThat(ipam.ipsByHandle(h("live"))).hasSize(1);
    assertThat(ipam.ipsByHandle(h("revived"))).hasSize(1);
    assertThat(ipam.ipsByHandle("ipip-tunnel-addr-node-a")).hasSize(1);
    assertThat(IpamTestSupport.raw(etcd, Keys.ipamHandle(h("dead")))).isNull();
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void neverReleasesAnAddressReassignedSinceItWasSeenLeaking() {
    // a pool of one /30 block: a released address comes back soon
    List<BlockAllocation> four = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      four.add(ipam.autoAssign(new AutoAssignArgs(1, 0, h("c" + i), pod("node-a", "ns", "c" + i), "node-a", null,
          List.of(IpamTestSupport.ip("198.18.1.0/30")), List.of())).ipv4().get(0));
    }
    AtomicReference<LiveState> live = new AtomicReference<>(LiveState.ofHandles(Set.of(h("c1"), h("c2"), h("c3"))));
    IpamGarbageCollector gc = new IpamGarbageCollector(ipam, live::get, GRACE, clock);
    assertThat(gc.runOnce().waiting()).extracting(Leak::handleId).containsExactly(h("c0"));

    // meanwhile c0 is deleted properly and its address goes to a new pod the GC does not know yet
    ipam.releaseByHandle(h("c0"));
    BlockAllocation reused = ipam.autoAssign(new AutoAssignArgs(1, 0, h("new"), pod("node-a", "ns", "new"), "node-a",
        null, List.of(IpamTestSupport.ip("198.18.1.0/30")), List.of())).ipv4().get(0);
    assertThat(reused.address()).isEqualTo(four.get(0).address());

    clock.advance(GRACE.plusMinutes(1));
    GcReport r = gc.runOnce();
    assertThat(r.released()).as("the new allocation starts its own grace period").isEmpty();
    assertThat(r.waiting()).extracting(Leak::handleId).containsExactly(h("new"));
    assertThat(ipam.getAssignmentAttributes(reused.address())).get().extracting(BlockAllocation::handleId).isEqualTo(h("new"));
  }

  @Test
  void releasesAtOnceTheAddressesAndAffinitiesOfAGoneNode() {
    allocate("a1", "node-a");
    BlockAllocation c1 = allocate("c1", "node-c");
    IPAddress blockOfC = c1.address().toPrefixBlock(26);
    LiveState live = new LiveState(Set.of(h("a1")), null, Set.of("node-a"));
    GcReport r = new IpamGarbageCollector(ipam, () -> live, GRACE, clock).runOnce();
    assertThat(r.released()).extracting(Leak::handleId).containsExactly(h("c1"));
    assertThat(r.goneNodesReleased()).containsExactly("node-c");
    assertThat(IpamTestSupport.raw(etcd, Keys.ipamAffinity("node-c", blockOfC))).isNull();
    assertThat(IpamTestSupport.raw(etcd, Keys.ipamBlock(blockOfC))).as("empty and ownerless: deleted").isNull();
    assertThat(ipam.ipsByHandle(h("a1"))).hasSize(1);
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void anAllocationNamingALivePodIsNoLeakWhateverItsHandle() {
    // an address allocated under an older handle format for a pod that still runs (Calico #5044)
    ipam.autoAssign(AutoAssignArgs.of(1, 0, "old-format-handle", pod("node-a", "prod", "web-1"), "node-a"));
    assertThat(ipam.findLeaks(Set.of(), Set.of("prod/web-1"))).isEmpty();
    assertThat(ipam.findLeaks(Set.of(), Set.of("prod/web-2"))).extracting(Leak::handleId).containsExactly("old-format-handle");
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
