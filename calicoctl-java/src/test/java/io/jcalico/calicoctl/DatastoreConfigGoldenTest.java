package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Datastore selection (config file, environment) and what calicoctl says when it is wrong or unreachable. */
class DatastoreConfigGoldenTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @TempDir Path dir;
  private CalicoctlHarness ctl;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
    ctl.apply("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-a}
        spec: {cidr: 198.18.0.0/24}
        """);
  }

  @Test
  void badConfigurationsAndUnreachableDatastores() throws IOException {
    Transcript t = new Transcript(ctl);
    String dead = ctl.file("dead.cfg", """
        apiVersion: projectcalico.org/v3
        kind: CalicoAPIConfig
        spec: {datastoreType: etcdv3, etcdEndpoints: "http://127.0.0.1:1"}
        """).toString();
    long t0 = System.nanoTime();
    t.runRaw("get ippools -c <dead> --timeout 2", "get", "ippools", "-c", dead, "--timeout", "2");
    assertThat((System.nanoTime() - t0) / 1e9).as("gives up within its timeout").isLessThan(10);
    t.runRaw("apply -f <pool> -c <dead> --timeout 2", "apply", "-f", ctl.file("pool.yaml", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-b}
        spec: {cidr: 198.18.1.0/24}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-c}
        spec: {cidr: 198.18.2.0/24}
        """).toString(), "-c", dead, "--timeout", "2");
    String kdd = ctl.file("kdd.cfg", """
        apiVersion: projectcalico.org/v3
        kind: CalicoAPIConfig
        spec: {datastoreType: kubernetes, kubeconfig: /root/.kube/config}
        """).toString();
    t.runRaw("get ippools -c <kdd>", "get", "ippools", "-c", kdd);
    String notConfig = ctl.file("pool.cfg", """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: x}
        """).toString();
    t.runRaw("get ippools -c <pool.cfg>", "get", "ippools", "-c", notConfig);
    String broken = ctl.file("broken.cfg", "spec: {datastoreType: [etcdv3\n").toString();
    t.runRaw("get ippools -c <broken.cfg>", "get", "ippools", "-c", broken);
    t.runRaw("get ippools -c <missing.cfg>", "get", "ippools", "-c", dir.resolve("missing.cfg").toString());
    t.runRaw("version -c <dead>", "version", "-c", dead, "--timeout", "1");
    t.assertMatchesGolden("datastore-errors");
  }

  @Test
  void anEtcdThatAcceptsButNeverAnswersTimesOut() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String cfg = ctl.file("silent.cfg", "apiVersion: projectcalico.org/v3\nkind: CalicoAPIConfig\n"
          + "spec: {datastoreType: etcdv3, etcdEndpoints: \"http://127.0.0.1:" + silent.getLocalPort() + "\"}\n").toString();
      long t0 = System.nanoTime();
      CalicoctlHarness.Run r = ctl.runRaw("get", "bgppeers", "-c", cfg, "--timeout", "1");
      double took = (System.nanoTime() - t0) / 1e9;
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).isEqualTo("etcd at http://127.0.0.1:" + silent.getLocalPort()
          + " is unreachable: list bgppeers got no answer within 1000 ms\n");
      assertThat(took).isBetween(0.9, 5.0);
    }
  }

  @Test
  void environmentSelectsTheDatastoreWithoutAConfigFile() {
    CalicoctlHarness.Run r = ctl.environment(Map.of("DATASTORE_TYPE", "etcdv3", "ETCD_ENDPOINTS", etcd.endpoint()))
        .runRaw("get", "ippools");
    assertThat(r.out()).isEqualTo("NAME     CIDR            SELECTOR   \npool-a   198.18.0.0/24   all()      \n\n");
    CalicoctlHarness.Run kdd = ctl.environment(Map.of("DATASTORE_TYPE", "kubernetes")).runRaw("get", "ippools");
    assertThat(kdd.exit()).isEqualTo(1);
    assertThat(kdd.out()).isEqualTo("Failed to create Calico API client: datastore type \"kubernetes\" is not supported: "
        + "this calicoctl talks to the etcdv3 datastore only\n");
  }
}
