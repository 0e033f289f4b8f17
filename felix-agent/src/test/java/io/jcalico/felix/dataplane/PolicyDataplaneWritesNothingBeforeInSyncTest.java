package io.jcalico.felix.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceList;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.datastore.watch.ResourceWatch;
import io.jcalico.datastore.watch.WatchListener;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.testing.PolicyFixture;
import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A starting node writes no policy from a half-read datastore (Felix waits for in-sync too):
 * with the workload endpoints still being listed, the policies and profiles already read give
 * no apply; the first apply comes after the last kind is listed, and holds the whole state.
 */
class PolicyDataplaneWritesNothingBeforeInSyncTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  /** The tables as a list of what was applied. */
  static final class RecordingTables implements PolicyTables {
    final List<DesiredState> applied = new CopyOnWriteArrayList<>();

    @Override
    public WriteOutcome apply(DesiredState desired) {
      applied.add(desired);
      return WriteOutcome.WRITTEN;
    }

    @Override
    public void resyncNow() {}

    @Override
    public ReadBack readBackIfDue() {
      return null;
    }

    @Override
    public CompileOptions compileOptions() {
      return CompileOptions.IPTABLES;
    }

    @Override
    public String lastError() {
      return null;
    }
  }

  @Test
  void firstApplyWaitsForEveryKindToBeListed() throws InterruptedException {
    CountDownLatch endpointsListed = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (EtcdResourceStore real = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard())) {
      ResourceCodec.get().parseAll(PolicyFixture.BASE + "---\n" + PolicyFixture.WEB_POLICY).forEach(real::apply);
      RecordingTables tables = new RecordingTables();
      ResourceStore gated = new ListGate(real, ResourceKind.WORKLOAD_ENDPOINT, endpointsListed, release);
      try (PolicyDataplane dp = PolicyDataplane.start(gated, "node1", PolicyDataplaneConfig.DEFAULT, tables)) {
        endpointsListed.await();
        // the policy and the profile are in the calculator: still no write
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dp.calculatorGeneration() >= 2);
        Thread.sleep(500);
        assertThat(tables.applied).as("applies before in-sync").isEmpty();
        assertThat(dp.status().protecting()).isFalse();

        release.countDown();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> dp.status().converged());
        List<String> chains = tables.applied.get(0).v4().chains().stream().map(Chain::name).toList();
        assertThat(chains).contains("cali-tw-caliweb", "cali-tw-calidb", "cali-fw-caliclient")
            .anyMatch(c -> c.startsWith("cali-pi-")).anyMatch(c -> c.startsWith("cali-pri-"));
        assertThat(dp.status().protecting()).isTrue();
      }
    }
  }

  /** A store whose list of one kind waits for a latch (the datastore slow to answer). */
  private record ListGate(ResourceStore store, ResourceKind kind, CountDownLatch reached, CountDownLatch release)
      implements ResourceStore {
    @Override
    public ResourceList list(ResourceKind k, String namespace) {
      if (k == kind) {
        reached.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return store.list(k, namespace);
    }

    @Override
    public <R extends Resource> R create(R resource) {
      return store.create(resource);
    }

    @Override
    public <R extends Resource> R update(R resource) {
      return store.update(resource);
    }

    @Override
    public <R extends Resource> R apply(R resource) {
      return store.apply(resource);
    }

    @Override
    public Optional<Resource> get(ResourceKind k, String namespace, String name) {
      return store.get(k, namespace, name);
    }

    @Override
    public Resource delete(ResourceKind k, String namespace, String name, String resourceVersion) {
      return store.delete(k, namespace, name, resourceVersion);
    }

    @Override
    public ResourceWatch watch(ResourceKind k, String namespace, long fromRevision, WatchListener listener) {
      return store.watch(k, namespace, fromRevision, listener);
    }

    @Override
    public void close() {}
  }
}
