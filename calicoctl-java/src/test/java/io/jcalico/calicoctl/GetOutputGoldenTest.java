package io.jcalico.calicoctl;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceAdmission;
import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code calicoctl get} in every output format for every kind, against a real etcd holding one of
 * each (fixtures/cluster.yaml), compared byte for byte with golden transcripts.
 */
class GetOutputGoldenTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  static final List<String> KINDS = List.of("bgpconfigurations", "bgppeers", "clusterinformations", "globalnetworkpolicies",
      "hostendpoints", "ippools", "networkpolicies", "nodes", "profiles", "workloadendpoints");

  private static Path dir;
  private static CalicoctlHarness ctl;

  @BeforeAll
  static void loadCluster() throws IOException {
    etcd.clear();
    dir = Files.createTempDirectory("calicoctl-get");
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
    ctl.applyResource("fixtures/cluster.yaml");
    // calico-node writes ClusterInformation; calicoctl refuses to
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), ResourceAdmission.NONE)) {
      store.create(ResourceCodec.get().parseOne("""
          apiVersion: projectcalico.org/v3
          kind: ClusterInformation
          metadata: {name: default}
          spec: {calicoVersion: v3.31.0, clusterGUID: 4f1d43b9a01c4ae0b8e1e0b6b3f1c0de, clusterType: "etcd,bgp", datastoreReady: true}
          """));
    }
  }

  @AfterAll
  static void cleanUp() throws IOException {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  @Test
  void everyKindAsPsAndWideTables() throws IOException {
    Transcript t = new Transcript(ctl);
    for (String kind : KINDS) {
      t.run("get", kind);
      t.run("get", kind, "-o", "wide");
    }
    t.assertMatchesGolden("get-tables");
  }

  @Test
  void everyKindAsYamlAndJsonListsAndSingleResources() throws IOException {
    Transcript t = new Transcript(ctl);
    for (String kind : KINDS) {
      boolean namespaced = kind.equals("networkpolicies") || kind.equals("workloadendpoints");
      t.run(namespaced ? new String[] {"get", kind, "-A", "-o", "yaml"} : new String[] {"get", kind, "-o", "yaml"});
      t.run(namespaced ? new String[] {"get", kind, "-A", "-o", "json"} : new String[] {"get", kind, "-o", "json"});
    }
    for (String[] one : List.of(new String[] {"ippool", "pool-v4"}, new String[] {"bgppeer", "rack1-tor"},
        new String[] {"node", "node1"}, new String[] {"gnp", "long-selector"}, new String[] {"profile", "kns.default"},
        new String[] {"wep", "node1-k8s-frontend--abc-eth0"}, new String[] {"hep", "node1-eth0"},
        new String[] {"bgpconfig", "default"}, new String[] {"clusterinfo", "default"})) {
      t.run("get", one[0], one[1], "-o", "yaml");
      t.run("get", one[0], one[1], "-o", "json");
    }
    t.run("get", "networkpolicy", "allow-frontend-to-db", "-n", "production", "-o", "yaml");
    t.run("get", "networkpolicy", "allow-frontend-to-db", "-n", "production", "-o", "json");
    t.run("get", "ippools", "-o", "yml");
    t.assertMatchesGolden("get-yaml-json");
  }

  @Test
  void namespacesWithDashNAndDashA() throws IOException {
    Transcript t = new Transcript(ctl);
    t.run("get", "networkpolicies");
    t.run("get", "networkpolicies", "-n", "production");
    t.run("get", "networkpolicies", "-A");
    t.run("get", "networkpolicies", "-a", "-o", "wide");
    t.run("get", "workloadendpoints");
    t.run("get", "workloadendpoints", "-n", "production", "-o", "wide");
    t.run("get", "workloadendpoints", "--all-namespaces");
    t.run("get", "networkpolicies", "-n", "nowhere");
    t.run("get", "networkpolicies", "-n", "production", "-A");
    t.run("get", "networkpolicy", "allow-frontend-to-db", "-A");
    t.run("get", "networkpolicy", "allow-frontend-to-db");
    t.run("get", "ippools", "-n", "production");
    t.run("get", "ippools", "-A");
    t.assertMatchesGolden("get-namespaces");
  }

  @Test
  void namesCustomColumnsAndExport() throws IOException {
    Transcript t = new Transcript(ctl);
    t.run("get", "ippool", "pool-v4");
    t.run("get", "ippool", "pool-v4", "pool-v6", "-o", "wide");
    t.run("get", "ippool", "pool-v4", "missing", "pool-v6");
    t.run("get", "ippool", "pool-v4", "pool-v6", "-o", "yaml");
    t.run("get", "ippool", "pool-v4", "pool-v6", "-o", "json");
    t.run("get", "ippool", "missing", "-o", "yaml");
    t.run("get", "ippool", "missing", "-o", "json");
    t.run("get", "ippools", "-o", "custom-columns=NAME,CIDR,NAT");
    t.run("get", "ippools", "-o", "custom-columns=CIDR");
    t.run("get", "nodes", "-o", "custom-columns=NAME,ASN");
    t.run("get", "wep", "-A", "-o", "custom-columns=NAMESPACE,NAME,ORCHESTRATOR");
    t.run("get", "ippools", "-o", "custom-columns=NAME,name");
    t.run("get", "ippool", "pool-v4", "-o", "yaml", "--export");
    t.run("get", "networkpolicy", "allow-frontend-to-db", "-n", "production", "-o", "json", "--export");
    t.assertMatchesGolden("get-names-columns-export");
  }

  @Test
  void getErrors() throws IOException {
    Transcript t = new Transcript(ctl);
    t.run("get", "frobnicators");
    t.run("get", "ippools", "-o", "xml");
    t.run("get", "ippools", "-o", "custom-columns=");
    t.run("get", "ippools", "--frob");
    t.run("get");
    t.run("get", "ippool", "");
    t.run("get", "-f", ctl.file("get-these.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-v6}
        spec: {cidr: fd00:10:244::/56}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: nope}
        spec: {peerIP: 198.18.0.1, asNumber: 1}
        """).toString());
    t.assertMatchesGolden("get-errors");
  }
}
