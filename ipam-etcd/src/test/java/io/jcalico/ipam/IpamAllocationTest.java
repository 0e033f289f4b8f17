package io.jcalico.ipam;

import static io.jcalico.ipam.IpamTestSupport.ip;
import static io.jcalico.ipam.IpamTestSupport.pod;
import static io.jcalico.ipam.IpamTestSupport.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import inet.ipaddr.IPAddress;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.store.Keys;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.model.PoolSpec;
import io.jcalico.ipam.model.ReleaseRequest;
import io.jcalico.ipam.usage.BlockUsage;
import io.jcalico.ipam.usage.PoolUsage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Allocation semantics against a real etcd, in Calico's key layout and value formats. */
class IpamAllocationTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();
  private static final ObjectMapper JSON = new ObjectMapper();

  private EtcdAccess access;

  @BeforeEach
  void fresh() {
    etcd.clear();
    access = IpamTestSupport.access(etcd);
  }

  @AfterEach
  void close() {
    access.close();
  }

  private EtcdIpam ipam(PoolSpec... pools) {
    return EtcdIpam.create(access, PoolSource.of(pools));
  }

  private static AutoAssignArgs one(String container, String node) {
    return AutoAssignArgs.of(1, 0, AutoAssignArgs.workloadHandle(container), pod(node, "default", container), node);
  }

  @Test
  void allocatesReleasesAndReallocatesInCalicosFormat() throws Exception {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"));
    AssignedIps got = ipam.autoAssign(one("c1", "node-a"));
    assertThat(got.ipv4()).hasSize(1);
    assertThat(got.ipv6()).isEmpty();
    IPAddress first = got.ipv4().get(0).address();
    IPAddress block = first.toPrefixBlock(26);
    assertThat(ip("198.18.0.0/24").contains(first)).isTrue();

    JsonNode b = JSON.readTree(raw(etcd, Keys.ipamBlock(block)));
    assertThat(b.get("cidr").asText()).isEqualTo(block.toCanonicalString());
    assertThat(b.get("affinity").asText()).isEqualTo("host:node-a");
    assertThat(b.get("allocations")).hasSize(64);
    assertThat(b.get("unallocated")).hasSize(63);
    assertThat(b.get("attributes").get(0).get("handle_id").asText()).isEqualTo("k8s-pod-network.c1");
    assertThat(b.get("attributes").get(0).get("secondary").get("pod").asText()).isEqualTo("c1");
    assertThat(b.has("sequenceNumber")).isTrue();
    assertThat(b.get("sequenceNumberForAllocation").size()).isEqualTo(1);
    assertThat(b.get("deleted").asBoolean()).isFalse();
    assertThat(JSON.readTree(raw(etcd, Keys.ipamAffinity("node-a", block))))
        .isEqualTo(JSON.readTree("{\"state\":\"confirmed\",\"deleted\":false}"));
    assertThat(JSON.readTree(raw(etcd, Keys.ipamHandle("k8s-pod-network.c1"))))
        .isEqualTo(JSON.readTree("{\"block\":{\"" + block.toCanonicalString() + "\":1},\"deleted\":false}"));
    assertThat(ipam.ipsByHandle("k8s-pod-network.c1")).containsExactly(first);
    assertThat(ipam.getAssignmentAttributes(first)).get().satisfies(a -> {
      assertThat(a.handleId()).isEqualTo("k8s-pod-network.c1");
      assertThat(a.attributes()).containsEntry("node", "node-a").containsEntry("namespace", "default");
    });

    assertThat(ipam.releaseByHandle("k8s-pod-network.c1")).extracting(BlockAllocation::address).containsExactly(first);
    assertThat(raw(etcd, Keys.ipamHandle("k8s-pod-network.c1"))).isNull();
    assertThat(ipam.getAssignmentAttributes(first)).isEmpty();
    assertThat(ipam.releaseByHandle("k8s-pod-network.c1")).as("a second DEL is harmless").isEmpty();
    // the empty block stays with its host; the released address goes to the back of the queue
    assertThat(raw(etcd, Keys.ipamBlock(block))).isNotNull();
    IPAddress second = ipam.autoAssign(one("c2", "node-a")).ipv4().get(0).address();
    assertThat(second).isNotEqualTo(first);
    assertThat(second.toPrefixBlock(26)).isEqualTo(block);
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void fillsABlockThenClaimsMoreUpToTheHostLimitThenBorrows() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"));
    ipam.setConfig(IpamConfig.DEFAULT.withMaxBlocksPerHost(2));
    // node-b owns one block with room to lend
    IPAddress lent = ipam.autoAssign(one("b1", "node-b")).ipv4().get(0).address().toPrefixBlock(26);

    List<IPAddress> a = new ArrayList<>();
    for (int i = 0; i < 128; i++) a.add(ipam.autoAssign(one("a" + i, "node-a")).ipv4().get(0).address());
    Set<IPAddress> blocksOfA = new HashSet<>();
    a.forEach(x -> blocksOfA.add(x.toPrefixBlock(26)));
    assertThat(blocksOfA).as("two full blocks").hasSize(2).doesNotContain(lent);
    assertThat(new HashSet<>(a)).hasSize(128);

    // at its limit with both blocks full, node-a borrows from node-b's block
    IPAddress borrowed = ipam.autoAssign(one("a128", "node-a")).ipv4().get(0).address();
    assertThat(borrowed.toPrefixBlock(26)).isEqualTo(lent);
    PoolUsage pool = ipam.usage().pools().get(0);
    assertThat(pool.inUse()).isEqualTo(130);
    assertThat(pool.borrowed()).isEqualTo(1);
    assertThat(pool.blocks()).filteredOn(u -> u.cidr().equals(lent)).singleElement()
        .satisfies(u -> assertThat(u.host()).contains("node-b"))
        .extracting(BlockUsage::borrowed).isEqualTo(1);
    assertThat(ipam.check().findings()).isEmpty();

    // with strict affinity the same request fails, clearly, and takes nothing
    ipam.setConfig(IpamConfig.DEFAULT.withMaxBlocksPerHost(2).withStrictAffinity(true));
    assertThatThrownBy(() -> ipam.autoAssign(one("a129", "node-a")))
        .isInstanceOf(IpamException.HostBlockLimit.class)
        .hasMessageContaining("host node-a owns 2 IPv4 blocks (maxBlocksPerHost 2)")
        .hasMessageContaining("strictAffinity forbids borrowing");
    assertThat(ipam.ipsByHandle("k8s-pod-network.a129")).isEmpty();
    assertThat(ipam.usage().pools().get(0).inUse()).isEqualTo(130);
  }

  @Test
  void reportsExhaustionOfThePool() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/30", 30));
    for (int i = 0; i < 4; i++) ipam.autoAssign(one("c" + i, "node-a"));
    assertThatThrownBy(() -> ipam.autoAssign(one("c4", "node-b")))
        .isInstanceOf(IpamException.Exhausted.class)
        .hasMessageContaining("no free IPv4 address for host node-b in [198.18.0.0/30]");
    assertThatThrownBy(() -> ipam.autoAssign(AutoAssignArgs.of(0, 1, "h6", null, "node-a")))
        .isInstanceOf(IpamException.NoPool.class).hasMessageContaining("no enabled IPv6 pool");
  }

  @Test
  void assignsIpv4AndIpv6Together() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"), PoolSpec.of("fd00:1::/112"));
    AssignedIps got = ipam.autoAssign(AutoAssignArgs.of(1, 2, "k8s-pod-network.dual", pod("node-a", "ns", "dual"), "node-a"));
    assertThat(got.ipv4()).hasSize(1);
    assertThat(got.ipv6()).hasSize(2).allSatisfy(a -> assertThat(ip("fd00:1::/112").contains(a.address())).isTrue());
    IPAddress v6block = got.ipv6().get(0).address().toPrefixBlock(122);
    assertThat(raw(etcd, "/calico/ipam/v2/assignment/ipv6/block/" + v6block.getLower().withoutPrefixLength() + "-122"))
        .contains("\"affinity\":\"host:node-a\"").contains("\"cidr\":\"" + v6block.toCanonicalString() + "\"");
    assertThat(raw(etcd, "/calico/ipam/v2/host/node-a/ipv6/block/" + v6block.getLower().withoutPrefixLength() + "-122")).isNotNull();
    assertThat(ipam.ipsByHandle("k8s-pod-network.dual")).hasSize(3);
    assertThat(ipam.releaseByHandle("k8s-pod-network.dual")).hasSize(3);
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void eachHostClaimsItsOwnIpv6Block() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/18", 26), PoolSpec.of("fd00:198:19::/112", 122));
    Set<IPAddress> blocks = new HashSet<>();
    for (String host : List.of("node-1", "node-2", "node-3")) {
      AssignedIps got = ipam.autoAssign(AutoAssignArgs.of(1, 1, "k8s-pod-network." + host, pod(host, "ns", "p"), host));
      IPAddress v6block = got.ipv6().get(0).address().toPrefixBlock(122);
      assertThat(raw(etcd, Keys.ipamBlock(v6block))).as(host).contains("\"affinity\":\"host:" + host + "\"");
      blocks.add(v6block);
    }
    assertThat(blocks).hasSize(3);
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void aCompanionKeyIsCreatedInTheTransactionThatCompletesTheAllocation() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"), PoolSpec.of("fd00:1::/112"));
    List<List<IPAddress>> seen = new ArrayList<>();
    CompanionWrite.Assigned got = ipam.autoAssign(AutoAssignArgs.of(1, 1, "k8s-pod-network.c1", pod("node-a", "ns", "p"), "node-a"),
        addresses -> {
          seen.add(addresses);
          return java.util.Optional.of(new CompanionWrite("/test/endpoint/c1", addresses.toString().getBytes()));
        });
    assertThat(got.companionCreated()).isTrue();
    // asked once, for the write that completes the call, with every address of it
    assertThat(seen).containsExactly(got.ips().all().stream().map(BlockAllocation::address).toList());
    assertThat(raw(etcd, "/test/endpoint/c1")).isEqualTo(seen.get(0).toString());
    IPAddress v6block = got.ips().ipv6().get(0).address().toPrefixBlock(122);
    String endpointRevision = revision("/test/endpoint/c1");
    assertThat(revision(Keys.ipamBlock(v6block))).as("one transaction").isEqualTo(endpointRevision);
    assertThat(revision(Keys.ipamHandle("k8s-pod-network.c1"))).isEqualTo(endpointRevision);
  }

  @Test
  void aDualStackPodOnBlocksTheHostOwnsIsOneTransaction() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"), PoolSpec.of("fd00:1::/112"));
    ipam.autoAssign(AutoAssignArgs.of(1, 1, "k8s-pod-network.first", pod("node-a", "ns", "first"), "node-a"));
    long before = etcdRevision();
    CompanionWrite.Assigned got = ipam.autoAssign(
        AutoAssignArgs.of(1, 1, "k8s-pod-network.second", pod("node-a", "ns", "second"), "node-a"),
        addresses -> java.util.Optional.of(new CompanionWrite("/test/endpoint/second", addresses.toString().getBytes())));
    assertThat(etcdRevision()).as("one write for both families, the handle and the endpoint").isEqualTo(before + 1);
    assertThat(got.companionCreated()).isTrue();
    assertThat(got.ips().ipv4()).hasSize(1);
    assertThat(got.ips().ipv6()).hasSize(1);
    assertThat(raw(etcd, "/test/endpoint/second")).isEqualTo(got.ips().all().stream().map(BlockAllocation::address).toList().toString());
    assertThat(ipam.ipsByHandle("k8s-pod-network.second")).hasSize(2);
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void aDualStackTransactionThatLosesARaceIsRedonePerFamily() {
    PoolSpec[] pools = {PoolSpec.of("198.18.0.0/24"), PoolSpec.of("fd00:1::/112")};
    EtcdIpam mine = ipam(pools);
    mine.autoAssign(AutoAssignArgs.of(1, 1, "k8s-pod-network.a", pod("node-a", "ns", "a"), "node-a"));
    // another process of the same host (a restarted daemon, calicoctl) writes both blocks meanwhile
    try (EtcdAccess otherAccess = IpamTestSupport.access(etcd); EtcdIpam other = EtcdIpam.create(otherAccess, PoolSource.of(pools))) {
      other.autoAssign(AutoAssignArgs.of(1, 1, "k8s-pod-network.b", pod("node-a", "ns", "b"), "node-a"));
    }
    AssignedIps got = mine.autoAssign(AutoAssignArgs.of(1, 1, "k8s-pod-network.c", pod("node-a", "ns", "c"), "node-a"));
    assertThat(got.ipv4()).hasSize(1);
    assertThat(got.ipv6()).hasSize(1);
    Set<IPAddress> all = new HashSet<>();
    for (String h : List.of("a", "b", "c")) {
      all.addAll(mine.ipsByHandle("k8s-pod-network." + h).stream().map(IPAddress::withoutPrefixLength).toList());
    }
    assertThat(all).as("six distinct addresses").hasSize(6);
    assertThat(mine.check().findings()).isEmpty();
  }

  private long etcdRevision() {
    try {
      return etcd.client().getKVClient().get(io.etcd.jetcd.ByteSequence.from("/", java.nio.charset.StandardCharsets.UTF_8))
          .get(10, java.util.concurrent.TimeUnit.SECONDS).getHeader().getRevision();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCompanionKeyThatExistsIsLeftAloneAndTheAllocationStillHappens() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"));
    IpamTestSupport.put(etcd, "/test/endpoint/c2", "earlier");
    CompanionWrite.Assigned got = ipam.autoAssign(one("c2", "node-a"),
        addresses -> java.util.Optional.of(new CompanionWrite("/test/endpoint/c2", "later".getBytes())));
    assertThat(got.companionCreated()).isFalse();
    assertThat(got.ips().ipv4()).hasSize(1);
    assertThat(raw(etcd, "/test/endpoint/c2")).isEqualTo("earlier");
    assertThat(ipam.autoAssign(one("c3", "node-a"), addresses -> java.util.Optional.empty()).companionCreated()).isFalse();
    assertThat(ipam.check().findings()).isEmpty();
  }

  private String revision(String key) {
    try {
      return Long.toString(etcd.client().getKVClient().get(io.etcd.jetcd.ByteSequence.from(key, java.nio.charset.StandardCharsets.UTF_8))
          .get(10, java.util.concurrent.TimeUnit.SECONDS).getKvs().get(0).getModRevision());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void assignsASpecificAddressOnce() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"));
    BlockAllocation got = ipam.assignIp(ip("198.18.0.77"), "static-1", pod("node-a", "ns", "p"), "node-a");
    assertThat(got.address()).isEqualTo(ip("198.18.0.77"));
    assertThat(raw(etcd, Keys.ipamBlock(ip("198.18.0.64/26")))).contains("\"affinity\":\"host:node-a\"");
    assertThatThrownBy(() -> ipam.assignIp(ip("198.18.0.77"), "static-2", null, "node-b"))
        .isInstanceOf(IpamException.AddressInUse.class).hasMessageContaining("198.18.0.77 is already assigned to handle static-1");
    assertThatThrownBy(() -> ipam.assignIp(ip("198.19.0.1"), "static-3", null, "node-a"))
        .isInstanceOf(IpamException.NotInPool.class);
    // the host's next automatic allocations come from that block, around the taken address
    for (int i = 0; i < 63; i++) {
      assertThat(ipam.autoAssign(one("c" + i, "node-a")).ipv4().get(0).address()).isNotEqualTo(ip("198.18.0.77"))
          .satisfies(a -> assertThat(ip("198.18.0.64/26").contains(a)).isTrue());
    }
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void refusesAStaleReleaseOfAReusedAddress() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/30", 30));
    List<BlockAllocation> all = new ArrayList<>();
    for (int i = 0; i < 4; i++) all.addAll(ipam.autoAssign(one("c" + i, "node-a")).ipv4());
    BlockAllocation old = all.get(0);
    ipam.releaseIps(List.of(ReleaseRequest.exactly(old)));
    BlockAllocation reused = ipam.autoAssign(one("new", "node-a")).ipv4().get(0);
    assertThat(reused.address()).as("the only free address").isEqualTo(old.address());
    assertThat(reused.sequenceNumber()).isNotEqualTo(old.sequenceNumber());

    assertThatThrownBy(() -> ipam.releaseIps(List.of(new ReleaseRequest(old.address(), null, old.sequenceNumber()))))
        .isInstanceOf(IpamException.StaleRelease.class).hasMessageContaining("assigned again");
    assertThatThrownBy(() -> ipam.releaseIps(List.of(new ReleaseRequest(old.address(), old.handleId(), null))))
        .isInstanceOf(IpamException.StaleRelease.class).hasMessageContaining("belongs to handle k8s-pod-network.new");
    assertThat(ipam.getAssignmentAttributes(old.address())).get()
        .extracting(BlockAllocation::handleId).isEqualTo("k8s-pod-network.new");
    // the right sequence number releases it
    assertThat(ipam.releaseIps(List.of(ReleaseRequest.exactly(reused))).released()).hasSize(1);
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void releasesTheAffinitiesOfAGoneNode() {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"));
    ipam.setConfig(IpamConfig.DEFAULT.withMaxBlocksPerHost(4));
    List<BlockAllocation> a = new ArrayList<>();
    for (int i = 0; i < 65; i++) a.addAll(ipam.autoAssign(one("c" + i, "node-a")).ipv4());
    IPAddress full = a.get(0).address().toPrefixBlock(26);
    IPAddress other = a.get(64).address().toPrefixBlock(26);
    ipam.releaseByHandle(a.get(64).handleId()); // leaves node-a an empty block

    assertThat(ipam.releaseAffinities("node-a")).isEqualTo(2);
    assertThat(raw(etcd, Keys.ipamAffinity("node-a", full))).isNull();
    assertThat(raw(etcd, Keys.ipamBlock(other))).as("empty: deleted").isNull();
    assertThat(raw(etcd, Keys.ipamBlock(full))).as("in use: kept without owner").contains("\"affinity\":null");
    assertThat(ipam.check().findings()).isEmpty();

    // another host may borrow from the ownerless block; once its last address goes, so does the block
    for (int i = 0; i < 64; i++) ipam.releaseByHandle(a.get(i).handleId());
    assertThat(raw(etcd, Keys.ipamBlock(full))).isNull();
    assertThat(ipam.snapshot().blocks()).isEmpty();
    assertThat(ipam.check().findings()).isEmpty();
  }

  @Test
  void keepsTheConfigInCalicosFieldNames() throws Exception {
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24"));
    assertThat(ipam.getConfig()).isEqualTo(IpamConfig.DEFAULT);
    ipam.setConfig(new IpamConfig(true, false, 7));
    assertThat(JSON.readTree(raw(etcd, Keys.ipamConfig()))).isEqualTo(
        JSON.readTree("{\"strict_affinity\":true,\"auto_allocate_blocks\":false,\"maxBlocksPerHost\":7}"));
    assertThat(ipam.getConfig()).isEqualTo(new IpamConfig(true, false, 7));
    // no auto-allocation and no borrowing: nothing to hand out
    assertThatThrownBy(() -> ipam.autoAssign(one("c", "node-a"))).isInstanceOf(IpamException.class);
  }

  @Test
  void allocatesFromABlockWrittenByCalico() {
    // a block, affinity and handle as Calico writes them, with a field of a newer Calico
    IpamTestSupport.put(etcd, "/calico/ipam/v2/assignment/ipv4/block/198.18.0.0-30", """
        {"cidr":"198.18.0.0/30","affinity":"host:node-a","allocations":[0,null,null,null],"unallocated":[1,2,3],
         "attributes":[{"handle_id":"k8s-pod-network.old","secondary":{"namespace":"ns","node":"node-a","pod":"old"}}],
         "deleted":false,"sequenceNumber":1700000000000000000,"sequenceNumberForAllocation":{"0":1700000000000000000},
         "affinityClaimTime":"2024-01-01T00:00:00Z"}""");
    IpamTestSupport.put(etcd, "/calico/ipam/v2/host/node-a/ipv4/block/198.18.0.0-30", "{\"state\":\"confirmed\",\"deleted\":false}");
    IpamTestSupport.put(etcd, "/calico/ipam/v2/handle/k8s-pod-network.old", "{\"block\":{\"198.18.0.0/30\":1},\"deleted\":false}");
    EtcdIpam ipam = ipam(PoolSpec.of("198.18.0.0/24", 30));
    assertThat(ipam.check().findings()).isEmpty();
    assertThat(ipam.autoAssign(one("c", "node-a")).ipv4().get(0).address()).isEqualTo(ip("198.18.0.1"));
    assertThat(raw(etcd, "/calico/ipam/v2/assignment/ipv4/block/198.18.0.0-30"))
        .contains("\"affinityClaimTime\":\"2024-01-01T00:00:00Z\"").contains("\"unallocated\":[2,3]");
    assertThat(ipam.ipsByHandle("k8s-pod-network.old")).containsExactly(ip("198.18.0.0"));
  }
}
