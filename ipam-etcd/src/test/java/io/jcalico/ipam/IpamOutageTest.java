package io.jcalico.ipam;

import static io.jcalico.ipam.IpamTestSupport.pod;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * etcd stops while three nodes allocate and release, and starts again. Calls made during the
 * outage fail with a clear error within a bound; afterwards the callers clean up as Calico's CNI
 * does (release by handle whatever failed, since a write whose answer was lost may have been
 * applied), and etcd must hold exactly the addresses the callers were told they hold, with
 * check() clean and the work completed.
 */
class IpamOutageTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(2);
  private static final Duration BOUND = TIMEOUT.plusSeconds(3);
  private static final int TARGET = 1200;

  private final Map<String, IPAddress> held = new ConcurrentHashMap<>();
  /** Handles whose allocation or release failed: their outcome is unknown until cleaned up. */
  private final Set<String> unsure = ConcurrentHashMap.newKeySet();
  private final List<Long> failureMillis = new CopyOnWriteArrayList<>();
  private final List<String> failureMessages = new CopyOnWriteArrayList<>();
  private final List<Throwable> unexpected = new CopyOnWriteArrayList<>();

  @Test
  @Timeout(value = 4, unit = TimeUnit.MINUTES)
  void survivesAnEtcdOutageMidRunWithoutLosingOrDuplicatingAnAddress() throws Exception {
    etcd.clear();
    PoolSource pools = PoolSource.of(PoolSpec.of("198.18.0.0/20"));
    List<EtcdAccess> clients = new ArrayList<>();
    Map<String, Ipam> nodes = new HashMap<>();
    for (String node : List.of("node-a", "node-b", "node-c")) {
      EtcdAccess a = EtcdAccess.connect(etcd.endpoint(), TIMEOUT);
      clients.add(a);
      nodes.put(node, EtcdIpam.create(a, pools));
    }
    ExecutorService workers = Executors.newFixedThreadPool(6);
    try {
      nodes.get("node-a").setConfig(IpamConfig.DEFAULT.withMaxBlocksPerHost(40));
      AtomicInteger ids = new AtomicInteger();
      List<Future<?>> futures = new ArrayList<>();
      nodes.forEach((node, ipam) -> {
        for (int t = 0; t < 2; t++) futures.add(workers.submit(() -> work(node, ipam, ids)));
      });

      Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> held.size() >= TARGET / 4);
      etcd.stop();
      try {
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> failureMillis.size() >= 20);
      } finally {
        etcd.start();
      }
      for (Future<?> f : futures) f.get(3, TimeUnit.MINUTES);

      assertThat(unexpected).as("only outage errors").isEmpty();
      assertThat(failureMillis).as("calls failed during the outage").hasSizeGreaterThanOrEqualTo(20)
          .allSatisfy(ms -> assertThat(ms).as("failed within %s", BOUND).isLessThan(BOUND.toMillis()));
      assertThat(failureMessages).allSatisfy(m -> assertThat(m).contains("etcd at " + etcd.endpoint() + " is unreachable"));

      // the callers' cleanup after the outage: release what failed (harmless if it never happened)
      Ipam any = nodes.get("node-b");
      for (String handle : unsure) {
        any.releaseByHandle(handle);
        held.remove(handle);
      }
      Map<String, IPAddress> stored = new HashMap<>();
      for (AllocationBlock b : any.snapshot().blocks().values()) {
        for (BlockAllocation a : b.allocations()) assertThat(stored.put(a.handleId(), a.address())).isNull();
      }
      assertThat(stored).as("etcd holds exactly what callers hold").isEqualTo(held);
      assertThat(held.values().stream().distinct().count()).isEqualTo(held.size());
      assertThat(any.check().findings()).isEmpty();
      assertThat(held.size()).as("the work completed after the restart").isGreaterThanOrEqualTo(TARGET * 3 / 4);
    } finally {
      workers.shutdownNow();
      clients.forEach(EtcdAccess::close);
    }
  }

  /** Allocates until the target, releasing every third address again; failures are timed and remembered. */
  private void work(String node, Ipam ipam, AtomicInteger ids) {
    Deque<String> mine = new ArrayDeque<>();
    int successes = 0;
    while (held.size() < TARGET) {
      boolean release = successes % 3 == 2 && !mine.isEmpty();
      String handle = release ? mine.peekFirst() : AutoAssignArgs.workloadHandle(node + "-" + ids.incrementAndGet());
      long t0 = System.nanoTime();
      try {
        if (release) {
          ipam.releaseByHandle(handle);
          held.remove(handle);
          mine.removeFirst();
        } else {
          IPAddress a = ipam.autoAssign(AutoAssignArgs.of(1, 0, handle, pod(node, "ns", handle), node)).ipv4().get(0).address();
          held.put(handle, a);
          mine.addLast(handle);
        }
        successes++;
      } catch (DatastoreException.Unavailable e) {
        failureMillis.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));
        failureMessages.add(e.getMessage());
        unsure.add(handle);
        if (release) mine.removeFirst();
        pause();
      } catch (RuntimeException | AssertionError e) {
        unexpected.add(e);
        return;
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
