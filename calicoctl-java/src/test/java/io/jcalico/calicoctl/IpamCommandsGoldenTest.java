package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceAdmission;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.NodeResourceLabels;
import io.jcalico.ipam.ResourcePoolSource;
import io.jcalico.ipam.IpamOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** ipam show, check, release and configure against a real etcd, on addresses the IPAM library allocated. */
class IpamCommandsGoldenTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @TempDir Path dir;
  private CalicoctlHarness ctl;
  private Transcript t;
  private EtcdResourceStore store;
  private Ipam ipam;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
    t = new Transcript(ctl);
    ctl.apply("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool4}
        spec: {cidr: 198.18.0.0/24, blockSize: 26}
        ---
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool6}
        spec: {cidr: "fd00:1::/48", blockSize: 122}
        ---
        apiVersion: projectcalico.org/v3
        kind: WorkloadEndpoint
        metadata: {name: node1-k8s-web-eth0, namespace: default}
        spec: {node: node1, orchestrator: k8s, endpoint: eth0, pod: web, interfaceName: cali1, ipNetworks: [198.18.0.1/32]}
        """);
    store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), ResourceAdmission.NONE);
    ipam = EtcdIpam.create(store.etcd(), new ResourcePoolSource(store, Duration.ZERO),
        new NodeResourceLabels(store, Duration.ZERO), IpamOptions.DEFAULT);
    assign("198.18.0.1", "k8s-pod-network.web", Map.of("node", "node1", "namespace", "default", "pod", "web"), "node1");
    assign("198.18.0.2", "k8s-pod-network.gone", Map.of("node", "node1", "namespace", "default", "pod", "gone"), "node1");
    assign("198.18.0.3", "ipip-tunnel-addr-node1", Map.of("node", "node1", "type", "ipipTunnelAddress"), "node1");
    // node2 borrows from node1's block
    assign("198.18.0.4", "k8s-pod-network.db", Map.of("node", "node2", "namespace", "default", "pod", "db"), "node2");
    assign("198.18.0.65", "k8s-pod-network.api", Map.of("node", "node2", "namespace", "default", "pod", "api"), "node2");
    assign("fd00:1::1", "k8s-pod-network.web", Map.of("node", "node1", "namespace", "default", "pod", "web"), "node1");
  }

  private void assign(String ip, String handle, Map<String, String> attrs, String host) {
    IPAddress address = new IPAddressString(ip).getAddress();
    ipam.assignIp(address, handle, attrs, host);
  }

  @AfterEach
  void tearDown() {
    if (ipam != null) ipam.close();
    if (store != null) store.close();
  }

  @Test
  void showUsageBlocksBorrowedConfigurationAndOneIp() throws IOException {
    t.run("ipam", "show");
    t.run("ipam", "show", "--show-blocks");
    t.run("ipam", "show", "--show-borrowed");
    t.run("ipam", "show", "--show-configuration");
    t.run("ipam", "show", "--ip=198.18.0.1");
    t.run("ipam", "show", "--ip=198.18.0.9");
    t.run("ipam", "show", "--ip=fd00:1::1");
    t.run("ipam", "show", "--ip=fd00:1:0:0::1");
    t.run("ipam", "show", "--ip=nonsense");
    t.run("ipam", "show", "--ip=198.18.0.3");
    t.runRaw("ipam --help", "ipam", "--help");
    t.runRaw("ipam show --help", "ipam", "show", "--help");
    t.assertMatchesGolden("ipam-show");
  }

  @Test
  void configureStrictAffinity() throws IOException {
    t.run("ipam", "configure", "--strictaffinity=true");
    t.run("ipam", "show", "--show-configuration");
    t.run("ipam", "configure", "--strictaffinity=false");
    t.run("ipam", "show", "--show-configuration");
    t.run("ipam", "configure", "--strictaffinity=maybe");
    t.run("ipam", "configure");
    // Nothing listens on port 1: a datastore that cannot be reached.
    CalicoctlHarness down = new CalicoctlHarness(Files.createDirectory(dir.resolve("down")), "http://127.0.0.1:1");
    t.runRaw("ipam show (etcd unreachable)", down.withConfig("ipam", "show", "--timeout", "1"));
    t.assertMatchesGolden("ipam-configure");
    assertThat(ipam.getConfig().strictAffinity()).isFalse();
  }

  @Test
  void releaseOneIpThenLeaksFromACheckReport() throws IOException {
    t.run("ipam", "release", "--ip=198.18.0.65");
    t.run("ipam", "release", "--ip=198.18.0.65");
    t.run("ipam", "release", "--ip=198.18.0.65", "--from-report=x.json");
    t.run("ipam", "release", "--ip=198.18.0.0/24");
    Path report = dir.resolve("report.json");
    t.run("ipam", "check", "--show-problem-ips", "-o", report.toString());
    t.run("ipam", "check");
    assertThat(Files.readString(report)).contains("198.18.0.2", "k8s-pod-network.gone", "198.18.0.4");
    // 198.18.0.4 is released and handed out again after the check: the report must not free it.
    ipam.releaseByHandle("k8s-pod-network.db");
    assign("198.18.0.4", "k8s-pod-network.db2", Map.of("node", "node2", "namespace", "default", "pod", "db2"), "node2");
    t.run("ipam", "release", "--from-report=" + report);
    t.run("ipam", "release", "--from-report=" + report);
    t.run("ipam", "show", "--show-blocks");
    t.run("ipam", "release", "--from-report=" + dir.resolve("missing.json"));
    t.assertMatchesGolden("ipam-check-release");
    assertThat(ipam.getAssignmentAttributes(new IPAddressString("198.18.0.2").getAddress())).isEmpty();
    assertThat(ipam.getAssignmentAttributes(new IPAddressString("198.18.0.4").getAddress()))
        .hasValueSatisfying(a -> assertThat(a.handleId()).isEqualTo("k8s-pod-network.db2"));
    assertThat(ipam.getAssignmentAttributes(new IPAddressString("198.18.0.1").getAddress())).isPresent();
  }

  @Test
  void checkReportsAnAllocationWhoseHandleRecordIsGone() throws Exception {
    String key = io.jcalico.datastore.store.Keys.ipamHandle("ipip-tunnel-addr-node1");
    etcd.client().getKVClient().delete(io.etcd.jetcd.ByteSequence.from(key, java.nio.charset.StandardCharsets.UTF_8)).get();
    t.run("ipam", "check", "--show-problem-ips");
    t.assertMatchesGolden("ipam-check-corrupt");
  }
}
