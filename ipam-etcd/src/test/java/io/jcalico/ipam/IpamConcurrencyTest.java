package io.jcalico.ipam;

import static io.jcalico.ipam.IpamTestSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.check.CheckReport;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Three nodes, each with its own etcd client and four threads, allocate at once from one pool,
 * release half and allocate again; afterwards etcd must hold exactly what the callers were told
 * (no duplicate, nothing lost, nothing extra) and check() must find nothing.
 */
class IpamConcurrencyTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final int THREADS_PER_NODE = 4;

  /** Who holds what, as the callers were told. */
  private final Map<String, IPAddress> held = new ConcurrentHashMap<>();
  private final List<EtcdAccess> clients = new ArrayList<>();

  @BeforeEach
  void fresh() {
    etcd.clear();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(EtcdAccess::close);
  }

  /**
   * 10,000 addresses in Calico's default /26 blocks (about 52 per node, so the block cap is
   * raised), each node serialising its own calls as Calico's CNI host lock does.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void tenThousandAllocationsByThreeNodesNeverCollide() throws Exception {
    Map<String, Integer> share = Map.of("node-a", 3334, "node-b", 3333, "node-c", 3333);
    Map<String, Ipam> nodes = nodes(share.keySet(), PoolSpec.of("198.18.0.0/18"), IpamOptions.DEFAULT);
    nodes.get("node-a").setConfig(IpamConfig.DEFAULT.withMaxBlocksPerHost(64));
    long ms = allocateReleaseHalfAllocateAgain(nodes, share);
    System.out.printf("IpamConcurrencyTest: 15,000 allocations and 5,000 releases by 3 nodes x %d threads in %d ms%n",
        THREADS_PER_NODE, ms);
  }

  /**
   * No per-host lock: threads of one node race each other for the same block. The pool (16
   * blocks of 64) runs out of unclaimed blocks, so nodes borrow from each other's blocks while
   * the owners still allocate from them.
   */
  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void racingThreadsAndBorrowingNodesNeverCollide() throws Exception {
    Map<String, Integer> share = Map.of("node-a", 500, "node-b", 300, "node-c", 200);
    Map<String, Ipam> nodes = nodes(share.keySet(), PoolSpec.of("198.18.64.0/22", 26),
        IpamOptions.DEFAULT.withSerializePerHost(false));
    allocateReleaseHalfAllocateAgain(nodes, share);
    assertThat(nodes.get("node-a").usage().pools().get(0).borrowed()).as("addresses borrowed").isPositive();
  }

  private Map<String, Ipam> nodes(Set<String> names, PoolSpec pool, IpamOptions options) {
    Map<String, Ipam> nodes = new HashMap<>();
    for (String node : names) {
      EtcdAccess a = EtcdAccess.connect(etcd.endpoint(), Duration.ofSeconds(10));
      clients.add(a);
      nodes.put(node, EtcdIpam.create(a, PoolSource.of(pool), HostLabels.NONE, options));
    }
    return nodes;
  }

  private long allocateReleaseHalfAllocateAgain(Map<String, Ipam> nodes, Map<String, Integer> share) throws Exception {
    int total = share.values().stream().mapToInt(Integer::intValue).sum();
    long t0 = System.nanoTime();
    runOnAllNodes(nodes, share, (node, ipam, i) -> allocate(ipam, node, "r1-" + i));
    assertThat(held).hasSize(total);
    assertAccounted(nodes.get("node-c"));

    // release every other allocation of each node, concurrently, then allocate as many again
    runOnAllNodes(nodes, share, (node, ipam, i) -> {
      if (i % 2 == 0) {
        String handle = AutoAssignArgs.workloadHandle(node + "-r1-" + i);
        assertThat(ipam.releaseByHandle(handle)).extracting(BlockAllocation::address).containsExactly(held.get(handle));
        held.remove(handle);
      }
    });
    assertAccounted(nodes.get("node-a"));
    runOnAllNodes(nodes, share, (node, ipam, i) -> {
      if (i % 2 == 0) allocate(ipam, node, "r2-" + i);
    });
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertThat(held).hasSize(total);
    assertAccounted(nodes.get("node-b"));
    return ms;
  }

  private void allocate(Ipam ipam, String node, String id) {
    String handle = AutoAssignArgs.workloadHandle(node + "-" + id);
    AssignedIps got = ipam.autoAssign(AutoAssignArgs.of(1, 0, handle, pod(node, "default", id), node));
    assertThat(got.ipv4()).hasSize(1);
    assertThat(held.put(handle, got.ipv4().get(0).address())).as("handle used once").isNull();
  }

  /** etcd holds exactly what the callers were told: no duplicate, nothing lost, nothing extra. */
  private void assertAccounted(Ipam ipam) {
    IpamSnapshot s = ipam.snapshot();
    Map<String, IPAddress> stored = new HashMap<>();
    for (AllocationBlock b : s.blocks().values()) {
      for (BlockAllocation a : b.allocations()) {
        assertThat(stored.put(a.handleId(), a.address())).as("one address per handle").isNull();
      }
    }
    assertThat(stored).isEqualTo(held);
    assertThat(held.values().stream().distinct().count()).as("no duplicate address").isEqualTo(held.size());
    CheckReport report = ipam.check();
    assertThat(report.findings()).isEmpty();
    assertThat(report.allocations()).isEqualTo(held.size());
    assertThat(ipam.usage().pools().get(0).inUse()).isEqualTo(held.size());
  }

  interface Work {
    void run(String node, Ipam ipam, int index);
  }

  /** Every node's share, split over its threads, all nodes at once; rethrows the first failure. */
  private static void runOnAllNodes(Map<String, Ipam> nodes, Map<String, Integer> shares, Work work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * THREADS_PER_NODE);
    try {
      List<Future<?>> futures = new ArrayList<>();
      nodes.forEach((node, ipam) -> {
        AtomicInteger next = new AtomicInteger();
        int share = shares.get(node);
        IntStream.range(0, THREADS_PER_NODE).forEach(t -> futures.add(pool.submit(() -> {
          for (int i = next.getAndIncrement(); i < share; i = next.getAndIncrement()) work.run(node, ipam, i);
          return null;
        })));
      });
      for (Future<?> f : futures) f.get();
    } finally {
      pool.shutdownNow();
    }
  }
}
