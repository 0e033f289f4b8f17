package io.jcalico.felix.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.felix.cni.CalicoCniHandler;
import io.jcalico.felix.cni.CniException;
import io.jcalico.felix.cni.NetConf;
import io.jcalico.ipam.NodeResourceLabels;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** CNI STATUS against a real datastore: the daemon's own state, the datastore, and pools per family. */
class CniReadinessTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();
  private static final CalicoCniHandler.Readiness STARTED = conf -> Optional.empty();

  private EtcdResourceStore store;
  private CniReadiness readiness;

  @BeforeEach
  void connect() {
    etcd.clear();
    store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard());
    readiness = new CniReadiness("node-1", store, new NodeResourceLabels(store, Duration.ZERO), STARTED);
    apply("""
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: node-1, labels: {rack: a}}
        spec: {bgp: {ipv4Address: 198.18.0.11/24}}
        """);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private void apply(String yaml) {
    store.apply(ResourceCodec.get().parseOne(yaml));
  }

  private void pool(String name, String cidr, String extra) {
    apply("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: %s}
        spec: {cidr: %s%s}
        """.formatted(name, cidr, extra));
  }

  private static NetConf conf(String ipam) throws CniException {
    return NetConf.parse(("{\"cniVersion\":\"1.1.0\",\"name\":\"k8s-pod-network\",\"type\":\"calico\",\"ipam\":"
        + ipam + "}").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void readyWhenEveryAskedFamilyHasAPoolForThisNode() throws CniException {
    NetConf v4 = conf("{\"type\":\"calico-ipam\"}");
    NetConf dual = conf("{\"type\":\"calico-ipam\",\"assign_ipv4\":\"true\",\"assign_ipv6\":\"true\"}");
    assertThat(readiness.notReadyReason(v4)).contains("no enabled IPv4 pool for workloads selects this node");

    pool("v4", "198.18.128.0/18", "");
    assertThat(readiness.notReadyReason(v4)).isEmpty();
    assertThat(readiness.notReadyReason(dual)).contains("no enabled IPv6 pool for workloads selects this node");

    pool("v6", "fd00:198:19::/112", ", nodeSelector: rack == 'b'");
    assertThat(readiness.notReadyReason(dual)).as("the v6 pool is for rack b").isPresent();
    pool("v6", "fd00:198:19::/112", ", nodeSelector: rack == 'a'");
    assertThat(readiness.notReadyReason(dual)).isEmpty();

    pool("v6", "fd00:198:19::/112", ", disabled: true");
    assertThat(readiness.notReadyReason(dual)).contains("no enabled IPv6 pool for workloads selects this node");
    pool("v6", "fd00:198:19::/112", ", allowedUses: [Tunnel]");
    assertThat(readiness.notReadyReason(dual)).as("a tunnel-only pool").isPresent();
  }

  @Test
  void poolsNamedInTheConfigAreTheOnlyOnesThatCount() throws CniException {
    pool("v4", "198.18.128.0/18", "");
    pool("spare", "198.19.0.0/16", ", disabled: true");
    assertThat(readiness.notReadyReason(conf("{\"ipv4_pools\":[\"spare\"]}")))
        .contains("no enabled IPv4 pool for workloads selects this node among [spare]");
    assertThat(readiness.notReadyReason(conf("{\"ipv4_pools\":[\"v4\"]}"))).isEmpty();
    assertThat(readiness.notReadyReason(conf("{\"ipv4_pools\":[\"198.18.128.0/18\"]}"))).as("by CIDR").isEmpty();
  }

  @Test
  void theDaemonsOwnReasonComesFirst() throws CniException {
    pool("v4", "198.18.128.0/18", "");
    CniReadiness starting = new CniReadiness("node-1", store, new NodeResourceLabels(store, Duration.ZERO),
        conf -> Optional.of("calico-node is starting"));
    assertThat(starting.notReadyReason(conf("{}"))).contains("calico-node is starting");
  }

  @Test
  void anUnreachableDatastoreIsNotReady() throws Exception {
    int nobody;
    try (ServerSocket s = new ServerSocket(0)) {
      nobody = s.getLocalPort(); // closed again: nothing listens there
    }
    try (EtcdResourceStore gone = EtcdResourceStore.connect("http://127.0.0.1:" + nobody, Duration.ofSeconds(1),
        Admission.standard())) {
      CniReadiness r = new CniReadiness("node-1", gone, new NodeResourceLabels(gone, Duration.ZERO), STARTED);
      assertThat(r.notReadyReason(conf("{}"))).hasValueSatisfying(
          reason -> assertThat(reason).startsWith("the datastore is unreachable: "));
    }
  }
}
