package io.jcalico.felix.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.AsNumber;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A starting node registers itself without losing what others wrote, and seeds the cluster once. */
class NodeRegistrationTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static NodeConfig cfg(String name, String ip, Long as) {
    return new NodeConfig(name, NodeConfig.parseNodeAddress(ip, "--ip"), null, as == null ? null : AsNumber.of(as),
        etcd.endpoint(), 179, Path.of("/tmp"), "127.0.0.1", 0, "198.18.128.0/18", "fd00:10:244::/56",
        Duration.ofSeconds(90), "info", null);
  }

  @Test
  void registersKeepsLabelsAndSeedsPoolsAndClusterInformationOnce() {
    etcd.clear();
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard())) {
      // an operator labelled the node before it first started
      store.create(ResourceCodec.get().parseOne("""
          apiVersion: projectcalico.org/v3
          kind: Node
          metadata: {name: node1, labels: {rack: r1}}
          spec: {bgp: {routeReflectorClusterID: 224.0.0.1}}
          """));
      Node n = NodeRegistration.register(store, cfg("node1", "198.18.1.11/24", 64513L), "v0.1.0");
      assertThat(n.metadata().labels()).containsEntry("rack", "r1");
      assertThat(n.spec().bgp().ipv4Address()).isEqualTo("198.18.1.11/24");
      assertThat(n.spec().bgp().asNumber()).isEqualTo(AsNumber.of(64513));
      assertThat(n.spec().bgp().routeReflectorClusterID()).isEqualTo("224.0.0.1");

      assertThat(store.list(ResourceKind.IP_POOL, null).items()).extracting(r -> ((IPPool) r).spec().cidr())
          .containsExactlyInAnyOrder("198.18.128.0/18", "fd00:10:244::/56");
      // Calico's defaults: the IPv4 pool masquerades traffic leaving the pools, the IPv6 one does not
      assertThat(store.list(ResourceKind.IP_POOL, null).items()).extracting(r -> ((IPPool) r).spec().masquerades(),
          r -> ((IPPool) r).spec().cidr()).containsExactlyInAnyOrder(
          org.assertj.core.groups.Tuple.tuple(true, "198.18.128.0/18"), org.assertj.core.groups.Tuple.tuple(false, "fd00:10:244::/56"));
      assertThat(store.get(ResourceKind.CLUSTER_INFORMATION, null, "default")).isPresent();

      // a second node: no new pools, plain address taken as /32, AS inherited
      store.delete(ResourceKind.IP_POOL, null, "default-ipv6-ippool", null);
      Node n2 = NodeRegistration.register(store, cfg("node2", "198.18.1.12", null), "v0.1.0");
      assertThat(n2.spec().bgp().ipv4Address()).isEqualTo("198.18.1.12/32");
      assertThat(n2.spec().bgp().asNumber()).isNull();
      assertThat(store.list(ResourceKind.IP_POOL, null).items()).hasSize(1);

      // a restart with a new address updates the same Node
      Node again = NodeRegistration.register(store, cfg("node1", "198.18.1.21/24", 64513L), "v0.1.0");
      assertThat(again.metadata().uid()).isEqualTo(n.metadata().uid());
      assertThat(again.spec().bgp().ipv4Address()).isEqualTo("198.18.1.21/24");
    }
  }
}
