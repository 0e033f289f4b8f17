package io.jcalico.calicoctl;

import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** patch, label and version against a real etcd. */
class PatchLabelVersionGoldenTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @TempDir Path dir;
  private CalicoctlHarness ctl;
  private Transcript t;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
    t = new Transcript(ctl);
    ctl.apply("""
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor1}
        spec: {peerIP: 198.18.1.1, asNumber: 65001, nodeSelector: "rack == 'r1'"}
        ---
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: node1, labels: {rack: r1}}
        spec: {bgp: {ipv4Address: 198.18.1.11/24}}
        ---
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: np1, namespace: production}
        spec: {selector: all()}
        """);
  }

  @Test
  void patchMergesAndReportsLikeCalicoctl() throws IOException {
    t.run("patch", "bgppeer", "tor1", "-p", "{\"spec\":{\"asNumber\":65009,\"nodeSelector\":null,\"node\":\"node1\"}}");
    t.run("get", "bgppeers");
    t.run("patch", "networkpolicy", "np1", "-n", "production", "--patch", "{\"spec\":{\"order\":7}}");
    t.run("get", "networkpolicies", "-n", "production", "-o", "wide");
    t.run("patch", "bgppeer", "nope", "-p", "{}");
    t.run("patch", "bgppeer", "tor1", "-p", "{not json");
    t.run("patch", "bgppeer", "tor1", "-p", "[1]");
    t.run("patch", "bgppeer", "tor1", "-p", "{\"spec\":{\"peerIPs\":\"x\"}}");
    t.run("patch", "bgppeer", "tor1", "-p", "{\"spec\":{\"peerIP\":\"nonsense\"}}");
    t.run("patch", "frobs", "x", "-p", "{}");
    t.run("patch", "bgppeer", "tor1");
    t.assertMatchesGolden("patch");
  }

  @Test
  void labelSetUpdateAndRemove() throws IOException {
    t.run("label", "nodes", "node1", "zone=a");
    t.run("label", "nodes", "node1", "zone=b");
    t.run("label", "nodes", "node1", "zone=a");
    t.run("label", "nodes", "node1", "zone=b", "--overwrite");
    t.run("label", "node", "node1", "rack", "--remove");
    t.run("label", "node", "node1", "rack", "--remove");
    t.run("label", "nodes", "nope", "zone=a");
    t.run("label", "frobs", "x", "zone=a");
    t.run("label", "nodes", "node1", "zone");
    t.run("label", "nodes", "node1", "a=b=c");
    t.run("label", "networkpolicy", "np1", "-n", "production", "tier=one");
    t.run("get", "node", "node1", "-o", "yaml");
    t.run("get", "networkpolicy", "np1", "-n", "production", "-o", "yaml");
    t.assertMatchesGolden("label");
  }

  @Test
  void versionWithAndWithoutClusterInformation() throws IOException {
    t.run("version");
    io.jcalico.datastore.store.EtcdResourceStore store = io.jcalico.datastore.store.EtcdResourceStore.connect(
        etcd.endpoint(), java.time.Duration.ofSeconds(5), io.jcalico.datastore.store.ResourceAdmission.NONE);
    try (store) {
      store.create(io.jcalico.datastore.codec.ResourceCodec.get().parseOne("""
          apiVersion: projectcalico.org/v3
          kind: ClusterInformation
          metadata: {name: default}
          spec: {calicoVersion: v3.31.0, clusterType: "etcd,bgp", datastoreReady: true}
          """));
    }
    t.run("version");
    t.assertMatchesGolden("version");
  }
}
