package io.jcalico.datastore.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.testing.EtcdExtension;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/** With etcd down, store calls fail fast with a clear error; once it is back, they work again. */
class EtcdOutageTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  private static Resource pool(String name) {
    return ResourceCodec.get().parseOne("""
        {"apiVersion": "projectcalico.org/v3", "kind": "IPPool",
         "metadata": {"name": "%s"}, "spec": {"cidr": "198.18.0.0/16"}}""".formatted(name));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"gRPC", "JSON gateway"})
  void storeCallsFailWithinTheTimeoutWhileEtcdIsDownAndRecoverAfter(String client) {
    try (EtcdResourceStore store = client.equals("gRPC")
        ? EtcdResourceStore.connect(etcd.endpoint(), TIMEOUT, ResourceAdmission.NONE)
        : EtcdResourceStore.overGateway(etcd.endpoint(), TIMEOUT, ResourceAdmission.NONE)) {
      etcd.clear();
      store.create(pool("before"));
      etcd.stop();
      try {
        for (Runnable call : new Runnable[] {
            () -> store.get(ResourceKind.IP_POOL, null, "before"),
            () -> store.create(pool("during")),
            () -> store.list(ResourceKind.IP_POOL, null)}) {
          long t0 = System.nanoTime();
          assertThatThrownBy(call::run)
              .isInstanceOf(DatastoreException.Unavailable.class)
              .hasMessageContaining("etcd at " + etcd.endpoint() + " is unreachable");
          Duration took = Duration.ofNanos(System.nanoTime() - t0);
          assertThat(took).as("bounded failure").isLessThan(TIMEOUT.plusSeconds(3));
        }
      } finally {
        etcd.start();
      }
      // the same client recovers once etcd is back; nothing written during the outage
      Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
          .until(() -> store.list(ResourceKind.IP_POOL, null).items().size() == 1);
      assertThat(store.get(ResourceKind.IP_POOL, null, "during")).isEmpty();
      store.create(pool("after"));
      assertThat(store.list(ResourceKind.IP_POOL, null).items()).extracting(Resource::name).containsExactly("after", "before");
    }
  }
}
