package io.jcalico.ipam;

import static io.jcalico.ipam.IpamTestSupport.ip;
import static io.jcalico.ipam.IpamTestSupport.pod;
import static io.jcalico.ipam.IpamTestSupport.put;
import static io.jcalico.ipam.IpamTestSupport.raw;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.store.Keys;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.check.Finding;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The two-phase block claim: interrupted claims are finished or rolled back by the host's next
 * allocation, and hosts racing for one block end with exactly one owner and no stray affinity
 * (the situation of Calico #6001).
 */
class IpamBlockClaimTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();
  private static final IPAddress BLOCK = ip("198.18.0.64/26");

  private final List<EtcdAccess> clients = new ArrayList<>();

  @BeforeEach
  void fresh() {
    etcd.clear();
  }

  @AfterEach
  void close() {
    clients.forEach(EtcdAccess::close);
  }

  private EtcdIpam node() {
    EtcdAccess a = IpamTestSupport.access(etcd);
    clients.add(a);
    return EtcdIpam.create(a, PoolSource.of(PoolSpec.of("198.18.0.0/24")));
  }

  private static AutoAssignArgs one(String container, String node) {
    return AutoAssignArgs.of(1, 0, AutoAssignArgs.workloadHandle(container), pod(node, "ns", container), node);
  }

  private static String emptyBlockOf(String host) {
    return new String(AllocationBlock.create(BLOCK, host, 1L).toJson(), java.nio.charset.StandardCharsets.UTF_8);
  }

  @Test
  void finishesAClaimCutShortBeforeConfirmation() {
    put(etcd, Keys.ipamAffinity("node-a", BLOCK), "{\"state\":\"pending\",\"deleted\":false}");
    put(etcd, Keys.ipamBlock(BLOCK), emptyBlockOf("node-a"));
    EtcdIpam ipam = node();
    assertThat(ipam.check().of(Finding.Kind.UNCONFIRMED_CLAIM)).hasSize(1);

    IPAddress got = ipam.autoAssign(one("c", "node-a")).ipv4().get(0).address();
    assertThat(BLOCK.contains(got)).as("the half-claimed block is used").isTrue();
    assertThat(raw(etcd, Keys.ipamAffinity("node-a", BLOCK))).contains("confirmed");
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void rollsBackAPendingAffinityWhoseBlockIsAnotherHosts() {
    EtcdIpam a = node();
    a.assignIp(ip("198.18.0.70"), "x", null, "node-a"); // node-a owns the block
    // node-b was cut short after writing its pending affinity for the same block
    put(etcd, Keys.ipamAffinity("node-b", BLOCK), "{\"state\":\"pending\",\"deleted\":false}");
    // and a pending affinity whose block was never created
    IPAddress never = ip("198.18.0.128/26");
    put(etcd, Keys.ipamAffinity("node-b", never), "{\"state\":\"pending\",\"deleted\":false}");
    assertThat(a.check().findings()).extracting(Finding::kind)
        .containsExactlyInAnyOrder(Finding.Kind.AFFINITY_MISMATCH, Finding.Kind.AFFINITY_WITHOUT_BLOCK);

    EtcdIpam b = node();
    IPAddress got = b.autoAssign(one("c", "node-b")).ipv4().get(0).address();
    assertThat(BLOCK.contains(got)).as("never from node-a's block").isFalse();
    assertThat(raw(etcd, Keys.ipamAffinity("node-b", BLOCK))).isNull();
    assertThat(raw(etcd, Keys.ipamBlock(BLOCK))).contains("\"affinity\":\"host:node-a\"");
    assertThat(b.check().findings()).isEmpty();
  }

  @Test
  void hostsRacingForOneBlockEndWithOneOwner() throws Exception {
    int hosts = 6;
    List<EtcdIpam> nodes = new ArrayList<>();
    for (int i = 0; i < hosts; i++) nodes.add(node());
    ExecutorService ex = Executors.newFixedThreadPool(hosts);
    try {
      for (int round = 0; round < 5; round++) {
        etcd.clear();
        CyclicBarrier start = new CyclicBarrier(hosts);
        List<Future<?>> fs = new ArrayList<>();
        for (int i = 0; i < hosts; i++) {
          EtcdIpam n = nodes.get(i);
          String host = "node-" + i;
          IPAddress address = BLOCK.getLower().withoutPrefixLength().increment(i);
          fs.add(ex.submit(() -> {
            start.await();
            return n.assignIp(address, "h-" + host, null, host); // every host wants the block that holds its address
          }));
        }
        for (Future<?> f : fs) f.get();
        IpamSnapshot s = nodes.get(0).snapshot();
        AllocationBlock b = s.blocks().get(BLOCK.toCanonicalString());
        assertThat(b.allocations()).hasSize(hosts);
        assertThat(s.affinities()).as("one affinity, the owner's").singleElement()
            .satisfies(a -> assertThat(b.isAffineTo(a.host())).isTrue())
            .satisfies(a -> assertThat(a.value().confirmed()).isTrue());
        assertThat(nodes.get(0).check().findings()).isEmpty();
      }
    } finally {
      ex.shutdownNow();
    }
  }
}
