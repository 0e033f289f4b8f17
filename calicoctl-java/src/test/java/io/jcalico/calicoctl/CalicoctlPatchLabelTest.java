package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** calicoctl patch and label against a real etcd. */
class CalicoctlPatchLabelTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @TempDir Path dir;
  private CalicoctlHarness ctl;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
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
        """);
  }

  @Test
  void mergePatchChangesOnlyWhatItNamesAndNullDeletes() {
    var r = ctl.run("patch", "bgppeer", "tor1", "-p", "{\"spec\":{\"asNumber\":65009,\"nodeSelector\":null,\"node\":\"node1\"}}");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out()).isEqualTo("Successfully patched 1 'BGPPeer' resource\n");
    assertThat(ctl.run("get", "bgppeers").out()).isEqualTo("""
        NAME   PEERIP       NODE    ASN
        tor1   198.18.1.1   node1   65009
        """);
  }

  @Test
  void patchErrorsAreClear() {
    assertThat(ctl.run("patch", "bgppeer", "nope", "-p", "{}").err())
        .isEqualTo("Failed to patch resource: resource BGPPeer(nope) does not exist\n");
    assertThat(ctl.run("patch", "bgppeer", "tor1", "-p", "{not json").err())
        .startsWith("Failed to patch resource: the patch is not valid JSON");
    var unknown = ctl.run("patch", "bgppeer", "tor1", "-p", "{\"spec\":{\"peerIPs\":\"x\"}}");
    assertThat(unknown.exit()).isEqualTo(1);
    assertThat(unknown.err()).contains("unknown field \"spec.peerIPs\"");
  }

  @Test
  void labelSetOverwriteAndRemove() {
    assertThat(ctl.run("label", "nodes", "node1", "zone=a").out()).isEqualTo("Successfully set label zone on nodes node1\n");
    var again = ctl.run("label", "nodes", "node1", "zone=b");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).isEqualTo("Failed to set label: key zone is already present. please use '--overwrite' to set a new value.\n");
    assertThat(ctl.run("label", "nodes", "node1", "zone=b", "--overwrite").exit()).isZero();
    assertThat(ctl.run("get", "node", "node1", "-o", "yaml").out()).contains("zone: b").contains("rack: r1");
    assertThat(ctl.run("label", "nodes", "node1", "--remove", "zone").out())
        .isEqualTo("Successfully removed label zone from nodes node1\n");
    assertThat(ctl.run("get", "node", "node1", "-o", "yaml").out()).doesNotContain("zone");
  }

  @Test
  void completionScriptNamesTheCommands() {
    var r = ctl.runRaw("generate-completion");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("complete -F").contains("apply").contains("bgppeers".substring(0, 0) + "label");
  }
}
