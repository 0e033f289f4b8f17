package io.jcalico.ipam.usage;

import inet.ipaddr.IPAddress;
import io.jcalico.ipam.model.AllocationAttribute;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.PoolSpec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Address use per pool and per block at one etcd revision; blocks in no pool are listed apart. */
public record UsageReport(long revision, List<PoolUsage> pools, List<BlockUsage> blocksOutsidePools) {
  public UsageReport {
    pools = List.copyOf(pools);
    blocksOutsidePools = List.copyOf(blocksOutsidePools);
  }

  public static UsageReport of(IpamSnapshot s, List<PoolSpec> poolSpecs) {
    List<BlockUsage> all = s.blocks().values().stream().map(UsageReport::blockUsage).toList();
    List<PoolUsage> pools = new ArrayList<>();
    List<BlockUsage> placed = new ArrayList<>();
    for (PoolSpec p : poolSpecs) {
      List<BlockUsage> mine = all.stream().filter(b -> p.cidr().contains(b.cidr())).toList();
      placed.addAll(mine);
      long inUse = mine.stream().mapToLong(BlockUsage::inUse).sum();
      BigInteger total = p.cidr().getCount();
      pools.add(new PoolUsage(p.cidr(), total, inUse, total.subtract(BigInteger.valueOf(inUse)), mine));
    }
    List<BlockUsage> outside = all.stream().filter(b -> !placed.contains(b)).toList();
    return new UsageReport(s.revision(), pools, outside);
  }

  private static BlockUsage blockUsage(AllocationBlock b) {
    Optional<String> host = b.host();
    int borrowed = 0;
    List<BlockAllocation> in = b.allocations();
    for (BlockAllocation a : in) {
      String node = a.attributes().get(AllocationAttribute.NODE);
      if (node != null && !host.map(node::equals).orElse(false)) borrowed++;
    }
    return new BlockUsage(b.cidr(), host, b.size(), in.size(), b.size() - in.size(), borrowed);
  }

  public Optional<PoolUsage> pool(IPAddress cidr) {
    return pools.stream().filter(p -> p.cidr().equals(cidr.toPrefixBlock())).findFirst();
  }
}
