package io.jcalico.ipam.check;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.PoolSpec;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** check() on planted inconsistencies: each is found and named, a sound data set has none. */
class IpamCheckerTest {
  private static final List<PoolSpec> POOLS = List.of(PoolSpec.of("198.18.0.0/24"));

  private static byte[] block(String cidr, String host, String... handles) {
    AllocationBlock b = AllocationBlock.create(new IPAddressString(cidr).getAddress(), host, 1);
    for (String h : handles) b.autoAssign(1, h, Map.of());
    return b.toJson();
  }

  private static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void aSoundDataSetHasNoFindings() {
    Map<String, byte[]> kv = new LinkedHashMap<>();
    kv.put("/calico/ipam/v2/assignment/ipv4/block/198.18.0.0-26", block("198.18.0.0/26", "a", "h1", "h2"));
    kv.put("/calico/ipam/v2/host/a/ipv4/block/198.18.0.0-26", json("{\"state\":\"confirmed\",\"deleted\":false}"));
    kv.put("/calico/ipam/v2/handle/h1", json("{\"block\":{\"198.18.0.0/26\":1},\"deleted\":false}"));
    kv.put("/calico/ipam/v2/handle/h2", json("{\"block\":{\"198.18.0.0/26\":1},\"deleted\":false}"));
    CheckReport r = IpamChecker.check(IpamSnapshot.of(7, kv), POOLS);
    assertThat(r.findings()).isEmpty();
    assertThat(r.allocations()).isEqualTo(2);
    assertThat(r.summary()).isEqualTo("Check complete; found 0 problems.");
  }

  @Test
  void findsEveryPlantedInconsistency() {
    Map<String, byte[]> kv = new LinkedHashMap<>();
    // a /26 and a /27 inside it, both holding 198.18.0.0
    kv.put("/calico/ipam/v2/assignment/ipv4/block/198.18.0.0-26", block("198.18.0.0/26", "a", "h1"));
    kv.put("/calico/ipam/v2/assignment/ipv4/block/198.18.0.0-27", block("198.18.0.0/27", "b", "h2"));
    kv.put("/calico/ipam/v2/host/a/ipv4/block/198.18.0.0-26", json("{\"state\":\"confirmed\",\"deleted\":false}"));
    // b has no affinity for its block; c claims a block that names a; d one that does not exist
    kv.put("/calico/ipam/v2/host/c/ipv4/block/198.18.0.0-26", json("{\"state\":\"confirmed\",\"deleted\":false}"));
    kv.put("/calico/ipam/v2/host/d/ipv4/block/198.18.0.128-26", json("{\"state\":\"pending\",\"deleted\":false}"));
    kv.put("/calico/ipam/v2/handle/h1", json("{\"block\":{\"198.18.0.0/26\":3},\"deleted\":false}")); // counts 3, holds 1
    // h2 has no record; h3 counts an address nobody holds
    kv.put("/calico/ipam/v2/handle/h3", json("{\"block\":{\"198.18.0.64/26\":1},\"deleted\":false}"));
    kv.put("/calico/ipam/v2/assignment/ipv4/block/198.18.9.0-26", block("198.18.9.0/26", null)); // empty, ownerless, outside pools
    kv.put("/calico/ipam/v2/handle/h4", json("not json"));
    CheckReport r = IpamChecker.check(IpamSnapshot.of(7, kv), POOLS);
    assertThat(r.findings()).extracting(Finding::kind).containsExactlyInAnyOrder(
        Finding.Kind.OVERLAPPING_BLOCKS, Finding.Kind.DUPLICATE_ADDRESS, Finding.Kind.BLOCK_WITHOUT_AFFINITY,
        Finding.Kind.AFFINITY_MISMATCH, Finding.Kind.AFFINITY_WITHOUT_BLOCK, Finding.Kind.HANDLE_COUNT_MISMATCH,
        Finding.Kind.ALLOCATION_WITHOUT_HANDLE, Finding.Kind.HANDLE_COUNT_MISMATCH, Finding.Kind.EMPTY_UNAFFINE_BLOCK,
        Finding.Kind.BLOCK_OUTSIDE_POOLS, Finding.Kind.MALFORMED_VALUE);
    assertThat(r.of(Finding.Kind.DUPLICATE_ADDRESS)).singleElement().extracting(Finding::subject).isEqualTo("198.18.0.0");
    assertThat(r.of(Finding.Kind.OVERLAPPING_BLOCKS)).singleElement().extracting(Finding::message)
        .isEqualTo("overlaps block 198.18.0.0/26");
    assertThat(r.summary()).isEqualTo("Check complete; found 11 problems.");
  }
}
