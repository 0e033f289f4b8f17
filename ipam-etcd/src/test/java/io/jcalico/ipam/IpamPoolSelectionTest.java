package io.jcalico.ipam;

import static io.jcalico.ipam.IpamTestSupport.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pools come from IPPool resources and nodes' labels from Node resources: a pool serves only the
 * nodes its nodeSelector selects, never when disabled, and only the uses it allows.
 */
class IpamPoolSelectionTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private EtcdResourceStore store;
  private EtcdIpam ipam;

  @BeforeEach
  void fresh() {
    etcd.clear();
    store = EtcdResourceStore.connect(etcd.endpoint(), IpamTestSupport.TIMEOUT, Admission.standard());
    for (String doc : List.of(
        pool("rack1", "198.18.0.0/24", "blockSize: 28\n  nodeSelector: rack == 'r1'"),
        pool("rack2", "198.18.1.0/24", "nodeSelector: rack == 'r2'"),
        pool("off", "198.18.2.0/24", "disabled: true"),
        pool("tunnels", "198.18.3.0/24", "allowedUses: [Tunnel]"),
        pool("v6", "fd00:20::/120", "nodeSelector: has(rack)"),
        node("node-1", "r1"), node("node-2", "r2"), node("node-3", null))) {
      store.create(ResourceCodec.get().parseOne(doc));
    }
    ipam = EtcdIpam.create(store.etcd(), new ResourcePoolSource(store, Duration.ofSeconds(1)),
        new NodeResourceLabels(store, Duration.ofSeconds(1)), IpamOptions.DEFAULT);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static String pool(String name, String cidr, String more) {
    return """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: %s
        spec:
          cidr: %s
          %s
        """.formatted(name, cidr, more);
  }

  private static String node(String name, String rack) {
    return """
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata:
          name: %s
          %s
        """.formatted(name, rack == null ? "" : "labels: {rack: " + rack + "}");
  }

  private IPAddress one(String node, int version) {
    AssignedIps got = ipam.autoAssign(AutoAssignArgs.of(version == 4 ? 1 : 0, version == 6 ? 1 : 0,
        AutoAssignArgs.workloadHandle(node + "-" + version), Map.of(), node));
    return got.all().get(0).address();
  }

  @Test
  void poolsServeTheNodesTheirSelectorsSelect() {
    IPAddress n1 = one("node-1", 4);
    assertThat(ip("198.18.0.0/24").contains(n1)).isTrue();
    assertThat(ipam.snapshot().blocks()).containsKey(n1.toPrefixBlock(28).toCanonicalString()); // the pool's block size
    assertThat(ip("198.18.1.0/24").contains(one("node-2", 4))).isTrue();
    assertThat(ip("fd00:20::/120").contains(one("node-2", 6))).isTrue();
    // node-3 has no rack: no IPv4 pool selects it (the disabled one and the tunnel-only one do not count)
    assertThatThrownBy(() -> one("node-3", 4)).isInstanceOf(IpamException.NoPool.class)
        .hasMessageContaining("no enabled IPv4 pool for Workload on host node-3");
    assertThatThrownBy(() -> one("node-3", 6)).isInstanceOf(IpamException.NoPool.class);
    // a tunnel address for node-3 comes from the tunnel pool
    AssignedIps tunnel = ipam.autoAssign(new AutoAssignArgs(1, 0, "ipip-tunnel-addr-node-3", Map.of("type", "ipipTunnelAddress"),
        "node-3", PoolSpec.USE_TUNNEL, List.of(), List.of()));
    assertThat(ip("198.18.3.0/24").contains(tunnel.ipv4().get(0).address())).isTrue();
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void adaptsIpPoolResourcesWithCalicosDefaults() {
    List<PoolSpec> pools = new ResourcePoolSource(store, Duration.ZERO).pools();
    assertThat(pools).extracting(p -> p.cidr().toCanonicalString())
        .containsExactlyInAnyOrder("198.18.0.0/24", "198.18.1.0/24", "198.18.2.0/24", "198.18.3.0/24", "fd00:20::/120");
    assertThat(pools).filteredOn(p -> p.cidr().equals(ip("198.18.1.0/24"))).singleElement()
        .satisfies(p -> assertThat(p.blockSize()).isEqualTo(26))
        .satisfies(p -> assertThat(p.allowedUses()).containsExactlyInAnyOrder("Workload", "Tunnel"));
    assertThat(pools).filteredOn(PoolSpec::disabled).extracting(p -> p.cidr().toCanonicalString()).containsExactly("198.18.2.0/24");
    assertThat(pools).filteredOn(p -> p.ipVersion() == 6).singleElement().extracting(PoolSpec::blockSize).isEqualTo(122);
  }
}
