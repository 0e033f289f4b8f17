package io.jcalico.ipam.check;

import inet.ipaddr.IPAddress;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.BlockAffinity;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.BlockCidrs;
import io.jcalico.ipam.model.IpamHandle;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.PoolSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds inconsistencies in a snapshot of the IPAM data: handle counts against block allocations,
 * blocks and affinities that disagree about their owner, overlapping blocks, duplicate
 * addresses, corrupt blocks, blocks outside every pool. Pure: reads nothing, writes nothing.
 */
public final class IpamChecker {
  private IpamChecker() {}

  public static CheckReport check(IpamSnapshot s, List<PoolSpec> pools) {
    List<Finding> out = new ArrayList<>();
    s.unreadable().forEach(m -> out.add(new Finding(Finding.Kind.MALFORMED_VALUE, "value", m)));
    int allocations = 0;
    // handle -> block -> count, as the blocks say
    Map<String, Map<String, Integer>> held = new TreeMap<>();
    Map<String, String> ownerOfAddress = new HashMap<>();
    for (Map.Entry<String, AllocationBlock> e : s.blocks().entrySet()) {
      String cidr = e.getKey();
      AllocationBlock b = e.getValue();
      b.selfCheck().forEach(m -> out.add(new Finding(Finding.Kind.BLOCK_CORRUPT, cidr, m)));
      for (BlockAllocation a : b.allocations()) {
        allocations++;
        String prev = ownerOfAddress.put(a.address().toCanonicalString(), cidr);
        if (prev != null) {
          out.add(new Finding(Finding.Kind.DUPLICATE_ADDRESS, a.address().toCanonicalString(),
              "allocated in block " + prev + " and in block " + cidr));
        }
        if (a.handleId() == null) {
          out.add(new Finding(Finding.Kind.ALLOCATION_WITHOUT_HANDLE, a.address().toCanonicalString(),
              "allocated in " + cidr + " without a handle"));
        } else {
          held.computeIfAbsent(a.handleId(), h -> new TreeMap<>()).merge(cidr, 1, Integer::sum);
        }
      }
      if (b.host().isEmpty() && b.isEmpty()) {
        out.add(new Finding(Finding.Kind.EMPTY_UNAFFINE_BLOCK, cidr, "empty and owned by no host: should have been deleted"));
      }
      if (pools.stream().noneMatch(p -> p.cidr().contains(b.cidr()))) {
        out.add(new Finding(Finding.Kind.BLOCK_OUTSIDE_POOLS, cidr, "lies in no configured IP pool"));
      }
    }
    checkHandles(s, held, out);
    checkAffinities(s, out);
    checkOverlaps(s, out);
    return new CheckReport(s.revision(), s.blocks().size(), s.affinities().size(), s.handles().size(), allocations, out);
  }

  private static void checkHandles(IpamSnapshot s, Map<String, Map<String, Integer>> held, List<Finding> out) {
    held.forEach((handle, perBlock) -> {
      IpamHandle h = s.handles().get(handle);
      if (h == null) {
        out.add(new Finding(Finding.Kind.ALLOCATION_WITHOUT_HANDLE, handle,
            "holds " + perBlock + " in blocks but has no handle record"));
        return;
      }
      perBlock.forEach((cidr, n) -> {
        if (h.count(cidr) != n) {
          out.add(new Finding(Finding.Kind.HANDLE_COUNT_MISMATCH, handle,
              "handle counts " + h.count(cidr) + " in " + cidr + ", the block holds " + n));
        }
      });
    });
    s.handles().forEach((handle, h) -> {
      if (h.total() == 0) out.add(new Finding(Finding.Kind.EMPTY_HANDLE, handle, "handle record counts no address"));
      Map<String, Integer> actual = held.getOrDefault(handle, Map.of());
      h.block().forEach((cidr, n) -> {
        if (!actual.containsKey(cidr)) {
          out.add(new Finding(Finding.Kind.HANDLE_COUNT_MISMATCH, handle, "handle counts " + n + " in " + cidr
              + (s.blocks().containsKey(cidr) ? ", the block holds none for it" : ", a block that does not exist")));
        }
      });
    });
  }

  private static void checkAffinities(IpamSnapshot s, List<Finding> out) {
    Map<String, List<IpamSnapshot.Affinity>> byBlock = new HashMap<>();
    for (IpamSnapshot.Affinity a : s.affinities()) {
      String cidr = BlockCidrs.format(a.cidr());
      byBlock.computeIfAbsent(cidr, c -> new ArrayList<>()).add(a);
      AllocationBlock b = s.blocks().get(cidr);
      String subject = a.host() + "/" + cidr;
      if (b == null) {
        out.add(new Finding(Finding.Kind.AFFINITY_WITHOUT_BLOCK, subject,
            a.value().state() + " affinity of " + a.host() + " for a block that does not exist"));
      } else if (!b.isAffineTo(a.host())) {
        out.add(new Finding(Finding.Kind.AFFINITY_MISMATCH, subject, a.value().state() + " affinity of " + a.host()
            + " for a block that names " + (b.affinity() == null ? "no host" : b.affinity())));
      }
    }
    s.blocks().forEach((cidr, b) -> b.host().ifPresent(host -> {
      IpamSnapshot.Affinity mine = byBlock.getOrDefault(cidr, List.of()).stream()
          .filter(a -> a.host().equals(host)).findFirst().orElse(null);
      if (mine == null) {
        out.add(new Finding(Finding.Kind.BLOCK_WITHOUT_AFFINITY, cidr, "names host " + host + ", which holds no affinity for it"));
      } else if (mine.value().state() == BlockAffinity.State.PENDING) {
        out.add(new Finding(Finding.Kind.UNCONFIRMED_CLAIM, cidr, "names host " + host + ", whose affinity is still pending"));
      }
    }));
  }

  private static void checkOverlaps(IpamSnapshot s, List<Finding> out) {
    List<IPAddress> sorted = s.blocks().values().stream().map(AllocationBlock::cidr)
        .sorted(Comparator.comparing((IPAddress a) -> a.getBitCount()).thenComparing(a -> a.getValue()))
        .toList();
    IPAddress widest = null;
    for (IPAddress b : sorted) {
      if (widest != null && widest.getBitCount() == b.getBitCount()
          && widest.getUpper().getValue().compareTo(b.getLower().getValue()) >= 0) {
        out.add(new Finding(Finding.Kind.OVERLAPPING_BLOCKS, BlockCidrs.format(b), "overlaps block " + BlockCidrs.format(widest)));
      }
      if (widest == null || widest.getBitCount() != b.getBitCount()
          || b.getUpper().getValue().compareTo(widest.getUpper().getValue()) > 0) {
        widest = b;
      }
    }
  }
}
