package io.jcalico.ipam.model;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The block value on its own: FIFO reuse, sequence numbers, attribute sharing and compaction, JSON round trip. */
class AllocationBlockTest {
  private static final IPAddress CIDR = new IPAddressString("198.18.0.0/29").getAddress();

  private static AllocationBlock roundTrip(AllocationBlock b) {
    return AllocationBlock.parse("test", b.toJson());
  }

  @Test
  void reusesReleasedAddressesLast() {
    AllocationBlock b = AllocationBlock.create(CIDR, "n", 100);
    List<BlockAllocation> first = b.autoAssign(3, "h1", Map.of());
    assertThat(first).extracting(a -> a.address().toCanonicalString()).containsExactly("198.18.0.0", "198.18.0.1", "198.18.0.2");
    b.release(List.of(ReleaseRequest.of(first.get(0).address())));
    // .0 went to the back: the next five are .3 .. .7, then .0
    List<BlockAllocation> next = b.autoAssign(6, "h2", Map.of());
    assertThat(next).extracting(a -> a.ordinal()).containsExactly(3, 4, 5, 6, 7, 0);
    assertThat(b.freeCount()).isZero();
    assertThat(b.selfCheck()).isEmpty();
  }

  @Test
  void everyStoredVersionHasItsOwnSequenceNumber() {
    AllocationBlock b = AllocationBlock.create(CIDR, "n", 100);
    BlockAllocation a = b.autoAssign(1, "h1", Map.of()).get(0);
    b = roundTrip(b);
    b.release(List.of(ReleaseRequest.exactly(a)));
    b = roundTrip(b);
    for (int i = 0; i < 7; i++) b.autoAssign(1, "x" + i, Map.of());
    BlockAllocation again = b.autoAssign(1, "h2", Map.of()).get(0);
    assertThat(again.address()).isEqualTo(a.address());
    assertThat(again.sequenceNumber()).isGreaterThan(a.sequenceNumber());
    assertThat(b.release(List.of(ReleaseRequest.exactly(a))).isRefused()).isTrue();
    assertThat(b.allocationAt(a.address())).get().extracting(BlockAllocation::handleId).isEqualTo("h2");
  }

  @Test
  void sharesAndCompactsAttributes() {
    AllocationBlock b = AllocationBlock.create(CIDR, "n", 1);
    b.autoAssign(2, "h1", Map.of("pod", "p1"));
    b.autoAssign(1, "h2", Map.of("pod", "p2"));
    String json = new String(b.toJson());
    assertThat(json).contains("\"allocations\":[0,0,1,null,null,null,null,null]");
    assertThat(b.releaseByHandle("h1").released()).hasSize(2);
    AllocationBlock back = roundTrip(b);
    assertThat(new String(back.toJson())).contains("\"allocations\":[null,null,0,null,null,null,null,null]")
        .contains("\"attributes\":[{\"handle_id\":\"h2\",\"secondary\":{\"pod\":\"p2\"}}]");
    assertThat(back.selfCheck()).isEmpty();
  }

  @Test
  void findsItsOwnCorruption() {
    String broken = """
        {"cidr":"198.18.0.0/30","affinity":"host:n","allocations":[0,null,null,5],"unallocated":[0,1,1],
         "attributes":[{"handle_id":"h","secondary":null}],"sequenceNumber":1,"sequenceNumberForAllocation":{},"deleted":false}""";
    assertThat(AllocationBlock.parse("k", broken.getBytes()).selfCheck()).hasSize(4)
        .anyMatch(p -> p.contains("198.18.0.0 is both allocated and in the free list"))
        .anyMatch(p -> p.contains("ordinal 1 is in the free list twice"))
        .anyMatch(p -> p.contains("198.18.0.2 is neither allocated nor in the free list"))
        .anyMatch(p -> p.contains("198.18.0.3 refers to attribute 5"));
  }
}
