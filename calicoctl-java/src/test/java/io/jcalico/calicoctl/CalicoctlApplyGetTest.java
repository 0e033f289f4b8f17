package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** calicoctl apply/get/delete against a real etcd, with the output a user sees. */
class CalicoctlApplyGetTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @TempDir Path dir;
  private CalicoctlHarness ctl;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
  }

  private CalicoctlHarness.Run run(String... args) {
    return ctl.run(args);
  }

  private Path file(String name, String text) throws IOException {
    return ctl.file(name, text);
  }

  @Test
  void applyThenGetBgpPeersPrintsCalicoctlTable() throws IOException {
    Path f = file("peers.yaml", """
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: rack1-tor}
        spec: {peerIP: 198.18.1.1, asNumber: 65001, nodeSelector: "rack == 'rack-1'"}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: global-rr}
        spec: {peerIP: 198.18.0.10, asNumber: 64512}
        """);
    CalicoctlHarness.Run apply = run("apply", "-f", f.toString());
    assertThat(apply.exit()).isZero();
    assertThat(apply.out()).isEqualTo("Successfully applied 2 'BGPPeer' resource(s)\n");

    CalicoctlHarness.Run get = run("get", "bgppeers");
    assertThat(get.exit()).isZero();
    assertThat(get.out()).isEqualTo("""
        NAME        PEERIP        NODE               ASN
        global-rr   198.18.0.10   (global)           64512
        rack1-tor   198.18.1.1    rack == 'rack-1'   65001
        """);
  }

  @Test
  void yamlOutputAppliesBackUnchanged() throws IOException {
    run("apply", "-f", file("pool.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-1}
        spec: {cidr: 198.18.0.0/16, natOutgoing: true}
        """).toString());
    CalicoctlHarness.Run yaml = run("get", "ippool", "pool-1", "-o", "yaml");
    assertThat(yaml.out()).startsWith("apiVersion: projectcalico.org/v3\nkind: IPPool\n");
    Resource before = ResourceCodec.get().parseOne(yaml.out());

    CalicoctlHarness.Run again = run("apply", "-f", file("back.yaml", yaml.out()).toString());
    assertThat(again.exit()).isZero();
    Resource after = ResourceCodec.get().parseOne(run("get", "ippool", "pool-1", "-o", "yaml").out());
    assertThat(after.metadata().uid()).isEqualTo(before.metadata().uid());
    assertThat(ResourceCodec.get().toTree(after).path("spec")).isEqualTo(ResourceCodec.get().toTree(before).path("spec"));

    CalicoctlHarness.Run list = run("get", "ippools", "-o", "json");
    assertThat(list.out()).contains("\"kind\" : \"IPPoolList\"").contains("\"name\" : \"pool-1\"");
    assertThat(ResourceCodec.get().parseAll(list.out())).hasSize(1);
  }

  @Test
  void partialApplyReportsEachFailureAndWhatSucceeded() throws IOException {
    run("create", "-f", file("one.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: exists}
        spec: {cidr: 198.18.0.0/24}
        """).toString());
    CalicoctlHarness.Run create = run("create", "-f", file("three.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: new-1}
        spec: {cidr: 198.18.1.0/24}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: exists}
        spec: {cidr: 198.18.0.0/24}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: new-2}
        spec: {cidr: 198.18.2.0/24}
        """).toString());
    assertThat(create.exit()).isEqualTo(1);
    assertThat(create.err()).contains("Failed to create 'IPPool' resource 'exists': IPPool/exists already exists");
    assertThat(create.out()).contains("Partial success: created 2 out of 3 'IPPool' resource(s); 1 failed");
    assertThat(run("get", "ippools").out()).contains("new-1").contains("new-2").contains("exists");
  }

  @Test
  void brokenYamlStoresNothingAndSaysWhere() throws IOException {
    CalicoctlHarness.Run r = run("apply", "-f", file("bad.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: good}
        spec: {cidr: 198.18.0.0/24}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: [broken
        """).toString());
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).startsWith("Failed to execute command: not valid YAML").contains("line");
    assertThat(run("get", "ippools").out()).isEqualTo("NAME   CIDR   SELECTOR\n");
  }

  @Test
  void deleteByKindAndName() throws IOException {
    run("apply", "-f", file("p.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: gone}
        spec: {cidr: 198.18.0.0/24}
        """).toString());
    CalicoctlHarness.Run del = run("delete", "ippool", "gone");
    assertThat(del.exit()).isZero();
    assertThat(del.out()).isEqualTo("Successfully deleted 1 'IPPool' resource(s)\n");
    CalicoctlHarness.Run again = run("delete", "ippool", "gone");
    assertThat(again.exit()).isEqualTo(1);
    assertThat(again.err()).contains("IPPool/gone does not exist");
    assertThat(run("delete", "ippool", "gone", "--skip-not-exists").exit()).isZero();
  }

  @Test
  void unknownKindAndUnreachableDatastoreAreClearErrors() throws IOException {
    CalicoctlHarness.Run r = run("get", "frobnicators");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err()).contains("resource type 'frobnicators' is not supported");

    Path dead = file("dead.cfg", """
        apiVersion: projectcalico.org/v3
        kind: CalicoAPIConfig
        spec: {datastoreType: etcdv3, etcdEndpoints: "http://127.0.0.1:1"}
        """);
    long t0 = System.nanoTime();
    CalicoctlHarness.Run dr = ctl.runRaw("get", "ippools", "-c", dead.toString(), "--timeout", "2");
    assertThat(dr.exit()).isEqualTo(1);
    assertThat(dr.err()).contains("etcd at http://127.0.0.1:1 is unreachable");
    assertThat((System.nanoTime() - t0) / 1_000_000_000.0).isLessThan(10);
  }
}
