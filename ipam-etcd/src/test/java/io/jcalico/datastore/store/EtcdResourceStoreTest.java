package io.jcalico.datastore.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.etcd.jetcd.ByteSequence;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.watch.ResourceWatch;
import io.jcalico.datastore.watch.WatchEvent;
import io.jcalico.datastore.watch.WatchListener;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CRUD, compare-and-swap and watch of v3 resources against a real etcd. */
class EtcdResourceStoreTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private final ResourceCodec codec = ResourceCodec.get();
  EtcdResourceStore store;

  /** The store under test; {@link GatewayResourceStoreTest} runs the same tests over etcd's JSON gateway. */
  EtcdResourceStore open(String endpoint) {
    return EtcdResourceStore.connect(endpoint, Duration.ofSeconds(5), ResourceAdmission.NONE);
  }

  @BeforeEach
  void connect() {
    etcd.clear();
    store = open(etcd.endpoint());
  }

  @AfterEach
  void disconnect() {
    store.close();
  }

  private Resource pool(String name, String cidr) {
    return codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: %s
        spec:
          cidr: %s
          natOutgoing: true
        """.formatted(name, cidr));
  }

  private Resource policy(String ns, String name) {
    return codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata:
          name: %s
          namespace: %s
        spec:
          selector: role == 'db'
        """.formatted(name, ns));
  }

  @Test
  void createStoresAtCalicoKeyAndReadsBackWithVersionAndIdentity() throws Exception {
    Resource created = store.create(pool("pool-1", "198.18.0.0/16"));
    assertThat(created.metadata().resourceVersion()).isNotBlank();
    assertThat(created.metadata().uid()).isNotBlank();
    assertThat(created.metadata().creationTimestamp()).endsWith("Z");

    var raw = etcd.client().getKVClient()
        .get(ByteSequence.from("/calico/resources/v3/projectcalico.org/ippools/pool-1", UTF_8)).get(5, TimeUnit.SECONDS);
    assertThat(raw.getKvs()).hasSize(1);
    JsonNode stored = codec.json().readTree(raw.getKvs().get(0).getValue().getBytes());
    assertThat(stored.path("kind").asText()).isEqualTo("IPPool");
    assertThat(stored.path("apiVersion").asText()).isEqualTo("projectcalico.org/v3");
    assertThat(stored.path("spec").path("cidr").asText()).isEqualTo("198.18.0.0/16");
    assertThat(stored.path("metadata").has("resourceVersion")).as("resourceVersion is the mod revision, not stored").isFalse();

    Resource read = store.get(ResourceKind.IP_POOL, null, "pool-1").orElseThrow();
    assertThat(read).isEqualTo(created);
  }

  @Test
  void createFailsWhenTheResourceExists() {
    store.create(pool("pool-1", "198.18.0.0/16"));
    assertThatThrownBy(() -> store.create(pool("pool-1", "198.19.0.0/16")))
        .isInstanceOf(DatastoreException.AlreadyExists.class)
        .hasMessage("IPPool/pool-1 already exists");
    assertThat(codec.toTree(store.get(ResourceKind.IP_POOL, null, "pool-1").orElseThrow()).path("spec").path("cidr").asText())
        .isEqualTo("198.18.0.0/16");
  }

  @Test
  void updateWithStaleResourceVersionIsRefusedAndChangesNothing() {
    Resource v1 = store.create(pool("pool-1", "198.18.0.0/16"));
    Resource v2 = store.update(pool("pool-1", "198.18.0.0/17").withMetadata(v1.metadata()));
    assertThat(Long.parseLong(v2.metadata().resourceVersion())).isGreaterThan(Long.parseLong(v1.metadata().resourceVersion()));
    assertThat(v2.metadata().uid()).isEqualTo(v1.metadata().uid());

    Resource stale = pool("pool-1", "198.18.0.0/18").withMetadata(v1.metadata());
    assertThatThrownBy(() -> store.update(stale))
        .isInstanceOf(DatastoreException.Conflict.class)
        .hasMessageContaining("IPPool/pool-1 was modified since resourceVersion " + v1.metadata().resourceVersion());
    assertThat(store.get(ResourceKind.IP_POOL, null, "pool-1").orElseThrow()).isEqualTo(v2);
  }

  @Test
  void updateOfAMissingResourceFails() {
    assertThatThrownBy(() -> store.update(pool("nope", "198.18.0.0/16")))
        .isInstanceOf(DatastoreException.NotFound.class).hasMessage("IPPool/nope does not exist");
  }

  @Test
  void applyCreatesThenUpdates() {
    Resource a = store.apply(pool("pool-1", "198.18.0.0/16"));
    Resource b = store.apply(pool("pool-1", "198.18.0.0/17"));
    assertThat(b.metadata().uid()).isEqualTo(a.metadata().uid());
    assertThat(codec.toTree(b).path("spec").path("cidr").asText()).isEqualTo("198.18.0.0/17");
    assertThat(store.list(ResourceKind.IP_POOL, null).items()).containsExactly(b);
  }

  @Test
  void listByKindAndNamespace() {
    store.create(policy("default", "a"));
    store.create(policy("default", "b"));
    store.create(policy("prod", "a"));
    store.create(pool("pool-1", "198.18.0.0/16"));
    assertThat(store.list(ResourceKind.NETWORK_POLICY, null).items()).hasSize(3);
    assertThat(store.list(ResourceKind.NETWORK_POLICY, "default").items()).extracting(Resource::name).containsExactly("a", "b");
    assertThat(store.list(ResourceKind.NETWORK_POLICY, "prod").items()).extracting(Resource::displayName)
        .containsExactly("NetworkPolicy/prod/a");
    assertThat(store.list(ResourceKind.IP_POOL, null).items()).hasSize(1);
    assertThat(store.list(ResourceKind.BGP_PEER, null).items()).isEmpty();
  }

  @Test
  void namespacedResourceWithoutNamespaceGoesToDefault() {
    Resource p = codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: p}
        spec: {selector: all()}
        """);
    assertThat(store.create(p).namespace()).isEqualTo("default");
    assertThat(store.get(ResourceKind.NETWORK_POLICY, "default", "p")).isPresent();
  }

  @Test
  void deleteReturnsTheResourceAndHonoursResourceVersion() {
    Resource v1 = store.create(pool("pool-1", "198.18.0.0/16"));
    Resource v2 = store.update(pool("pool-1", "198.18.0.0/17"));
    assertThatThrownBy(() -> store.delete(ResourceKind.IP_POOL, null, "pool-1", v1.metadata().resourceVersion()))
        .isInstanceOf(DatastoreException.Conflict.class);
    assertThat(store.delete(ResourceKind.IP_POOL, null, "pool-1", v2.metadata().resourceVersion())).isEqualTo(v2);
    assertThat(store.get(ResourceKind.IP_POOL, null, "pool-1")).isEmpty();
    assertThatThrownBy(() -> store.delete(ResourceKind.IP_POOL, null, "pool-1", null))
        .isInstanceOf(DatastoreException.NotFound.class);
  }

  @Test
  void watchFromARevisionSeesEveryChangeInOrder() {
    store.create(pool("before", "198.18.0.0/24"));
    long rev = store.list(ResourceKind.IP_POOL, null).revision();
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    try (ResourceWatch w = store.watch(ResourceKind.IP_POOL, null, rev + 1, new WatchListener() {
      @Override
      public void onEvent(WatchEvent e) {
        events.add(e);
      }
    })) {
      Resource a = store.create(pool("pool-1", "198.18.1.0/24"));
      Resource b = store.update(pool("pool-1", "198.18.2.0/24"));
      store.create(policy("default", "not-a-pool"));
      store.delete(ResourceKind.IP_POOL, null, "pool-1", null);
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.size() >= 3);
      assertThat(events).extracting(WatchEvent::type)
          .containsExactly(WatchEvent.Type.ADDED, WatchEvent.Type.MODIFIED, WatchEvent.Type.DELETED);
      assertThat(events.get(0).resource()).isEqualTo(a);
      assertThat(events.get(1).resource()).isEqualTo(b);
      assertThat(events.get(2).resource()).isEqualTo(b);
      assertThat(events).extracting(WatchEvent::revision).isSorted();
    }
  }

  @Test
  void watchFromAnOldRevisionReplaysHistory() {
    long start = store.list(ResourceKind.IP_POOL, null).revision();
    store.create(pool("p1", "198.18.1.0/24"));
    store.create(pool("p2", "198.18.2.0/24"));
    List<WatchEvent> events = new CopyOnWriteArrayList<>();
    try (ResourceWatch w = store.watch(ResourceKind.IP_POOL, null, start + 1, events::add)) {
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> events.size() == 2);
      assertThat(events).extracting(e -> e.resource().name()).containsExactly("p1", "p2");
    }
  }
}
