package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node's copy of the datastore follows every change, survives an etcd outage and catches up after it. */
class DatastoreSyncerTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static Resource peer(String name, String ip) {
    return ResourceCodec.get().parseOne("""
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: %s}
        spec: {peerIP: %s, asNumber: 65001}
        """.formatted(name, ip));
  }

  @Test
  void followsChangesAndCatchesUpAfterAnOutage() {
    etcd.clear();
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(2), Admission.standard())) {
      store.create(peer("before", "198.18.0.1"));
      AtomicReference<Set<String>> seen = new AtomicReference<>(Set.of());
      AtomicBoolean inSync = new AtomicBoolean();
      Set<ResourceKind> updated = ConcurrentHashMap.newKeySet();
      DatastoreSyncer.Listener l = new DatastoreSyncer.Listener() {
        @Override
        public void onUpdate(ResourceKind kind, DatastoreSyncer s) {
          updated.add(kind);
          seen.set(s.snapshot(ResourceKind.BGP_PEER).keySet());
        }

        @Override
        public void onInSync(DatastoreSyncer s) {
          inSync.set(true);
        }
      };
      try (DatastoreSyncer syncer = new DatastoreSyncer(store, List.of(ResourceKind.BGP_PEER, ResourceKind.NODE), l,
          Duration.ofMillis(200))) {
        syncer.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(inSync::get);
        assertThat(seen.get()).containsExactly("before");
        assertThat(updated).contains(ResourceKind.BGP_PEER, ResourceKind.NODE);

        store.create(peer("added", "198.18.0.2"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.get().equals(Set.of("before", "added")));

        etcd.stop();
        try {
          // the cache keeps the last known state while etcd is away
          Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
              .until(() -> seen.get().equals(Set.of("before", "added")));
        } finally {
          etcd.start();
        }
        // a change made after the outage is seen (by the old watch or the relist)
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
          store.apply(peer("after", "198.18.0.3"));
          return true;
        });
        store.delete(ResourceKind.BGP_PEER, null, "before", null);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> seen.get().equals(Set.of("added", "after")));
      }
    }
  }
}
