package io.jcalico.calicoctl;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** create, apply, replace and delete against a real etcd: what they print and what they store. */
class ResourceCommandsGoldenTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final String POOLS = """
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata: {name: pool-a}
      spec: {cidr: 198.18.0.0/24}
      ---
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata: {name: pool-b}
      spec: {cidr: 198.18.1.0/24}
      """;
  private static final String MIXED = POOLS + """
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata: {name: tor}
      spec: {peerIP: 198.18.0.1, asNumber: 65001}
      """;

  @TempDir Path dir;
  private CalicoctlHarness ctl;
  private Transcript t;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
    t = new Transcript(ctl);
  }

  private String file(String name, String text) throws IOException {
    return ctl.file(name, text).toString();
  }

  @Test
  void createApplyAndPartialFailures() throws IOException {
    String pools = file("pools.yaml", POOLS);
    t.run("create", "-f", pools);
    t.run("create", "-f", pools);
    t.run("create", "-f", pools, "--skip-exists");
    t.run("create", "-f", file("one.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-a}
        spec: {cidr: 198.18.0.0/24}
        """));
    t.run("create", "-f", file("three.yaml", POOLS + """
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-c}
        spec: {cidr: 198.18.2.0/24}
        """));
    t.run("apply", "-f", file("mixed.yaml", MIXED));
    t.run("apply", "-f", file("partial.yaml", """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor}
        spec: {peerIP: 198.18.0.2, asNumber: 65001}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: bad-peer}
        spec: {peerIP: not-an-address, asNumber: 65001}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor2}
        spec: {peerIP: 198.18.0.3, asNumber: 65002}
        """));
    t.run("apply", "-f", file("all-bad.yaml", """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: bad-1}
        spec: {peerIP: not-an-address, asNumber: 65001}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: bad-2}
        spec: {peerIP: 198.18.0.4, asNumber: 65001, node: n1, nodeSelector: all()}
        """));
    t.runWithStdin("""
        {"apiVersion": "projectcalico.org/v3", "kind": "GlobalNetworkPolicy",
         "metadata": {"name": "from-stdin"}, "spec": {"selector": "all()", "order": 5}}
        """, "apply", "-f", "-");
    t.run("get", "bgppeers");
    t.run("get", "gnp", "-o", "wide");
    t.assertMatchesGolden("create-apply");
  }

  @Test
  void bgpFilterAppliesReadsBackAndIsValidated() throws IOException {
    t.run("apply", "-f", file("filter.yaml", """
        apiVersion: projectcalico.org/v3
        kind: BGPFilter
        metadata: {name: tor-filter}
        spec:
          exportV4:
          - {action: Reject, matchOperator: In, cidr: 198.18.64.0/18}
          importV4:
          - {action: Accept, matchOperator: In, cidr: 198.19.0.0/16, prefixLength: {min: 24, max: 26}}
          - {action: Reject}
        """));
    t.run("get", "bgpfilters");
    t.run("get", "bgpfilter", "tor-filter", "-o", "yaml");
    t.run("apply", "-f", file("bad.yaml", """
        apiVersion: projectcalico.org/v3
        kind: BGPFilter
        metadata: {name: bad}
        spec:
          importV6:
          - {action: Reject, cidr: 198.18.0.0/16}
        """));
    t.assertMatchesGolden("bgpfilter-apply-get");
  }

  @Test
  void replaceHonoursResourceVersion() throws IOException {
    t.run("create", "-f", file("pools.yaml", POOLS));
    Resource stale = ResourceCodec.get().parseOne(ctl.run("get", "ippool", "pool-a", "-o", "yaml").out());
    t.run("replace", "-f", file("changed.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-a}
        spec: {cidr: 198.18.0.0/24, natOutgoing: true}
        """));
    // the YAML read before the change still carries the old resourceVersion
    String staleYaml = ResourceCodec.get().toYaml(stale);
    t.run("replace", "-f", file("stale.yaml", staleYaml));
    t.run("get", "ippool", "pool-a", "-o", "wide");
    t.run("replace", "-f", file("missing.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-z}
        spec: {cidr: 198.18.9.0/24}
        """));
    t.run("replace", "-f", file("both.yaml", POOLS.replace("198.18.1.0/24", "198.18.3.0/24") + """
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-z}
        spec: {cidr: 198.18.9.0/24}
        """));
    t.run("apply", "-f", file("stale-apply.yaml", staleYaml));
    t.assertMatchesGolden("replace");
  }

  @Test
  void deleteByFileAndByName() throws IOException {
    String mixed = file("mixed.yaml", MIXED);
    t.run("create", "-f", mixed);
    String staleYaml = ctl.run("get", "bgppeer", "tor", "-o", "yaml").out();
    t.run("apply", "-f", file("tor.yaml", """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: tor}
        spec: {peerIP: 198.18.0.9, asNumber: 65001}
        """));
    t.run("delete", "-f", file("stale.yaml", staleYaml));
    t.run("delete", "-f", mixed);
    t.run("delete", "-f", mixed);
    t.run("delete", "-f", mixed, "--skip-not-exists");
    t.run("create", "-f", mixed);
    t.run("delete", "ippool", "pool-a", "missing", "pool-b");
    t.run("delete", "bgppeers", "tor");
    t.run("delete", "bgppeers", "tor");
    t.run("delete", "ippool");
    t.run("delete", "frobs", "x");
    t.run("get", "ippools");
    t.assertMatchesGolden("delete");
  }

  @Test
  void fileAndNamespaceErrors() throws IOException {
    t.run("apply", "-f", file("broken.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: good}
        spec: {cidr: 198.18.0.0/24}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: [broken
        """));
    t.run("apply", "-f", file("unknown-kind.yaml", """
        apiVersion: projectcalico.org/v3
        kind: Frobnicator
        metadata: {name: x}
        """));
    t.run("apply", "-f", file("unknown-field.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: x}
        spec: {cidr: 198.18.0.0/24, natOutgoin: true}
        """));
    t.run("apply", "-f", file("empty.yaml", "# nothing here\n"));
    t.run("apply", "-f", file("empty.yaml", "# nothing here\n"), "--skip-empty");
    t.run("apply", "-f", dir.resolve("nope.yaml").toString());
    t.run("apply");
    t.run("apply", "-f", file("clusterinfo.yaml", """
        apiVersion: projectcalico.org/v3
        kind: ClusterInformation
        metadata: {name: default}
        spec: {calicoVersion: v3.31.0}
        """));
    String np = file("np.yaml", """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: np1, namespace: production}
        spec: {selector: all()}
        """);
    t.run("apply", "-f", np, "-n", "staging");
    t.run("apply", "-f", np, "-n", "production");
    t.run("apply", "-f", file("np-nons.yaml", """
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: np2}
        spec: {selector: all()}
        """), "-n", "staging");
    t.run("apply", "-f", file("pool-ns.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: p, namespace: default}
        spec: {cidr: 198.18.0.0/24}
        """));
    t.run("apply", "-f", file("pool.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: p}
        spec: {cidr: 198.18.0.0/24}
        """), "-n", "default");
    ctl.file("dir/a.yaml", POOLS);
    ctl.file("dir/b.json", """
        {"apiVersion": "projectcalico.org/v3", "kind": "IPPoolList", "items": [
          {"metadata": {"name": "pool-j"}, "spec": {"cidr": "198.18.5.0/24"}}]}
        """);
    ctl.file("dir/notes.txt", "not a resource");
    ctl.file("dir/sub/c.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-sub}
        spec: {cidr: 198.18.6.0/24}
        """);
    t.run("apply", "-f", dir.resolve("dir").toString());
    t.run("apply", "-f", dir.resolve("dir").toString(), "-R");
    t.run("get", "networkpolicies", "-A");
    t.run("get", "ippools");
    t.assertMatchesGolden("file-and-namespace-errors");
  }
}
