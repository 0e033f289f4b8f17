package io.jcalico.ipam.usage;

import inet.ipaddr.IPAddress;
import java.math.BigInteger;
import java.util.List;

/**
 * One pool's use, as {@code calicoctl ipam show} prints it: addresses in the pool, in use, free;
 * and its blocks.
 */
public record PoolUsage(IPAddress cidr, BigInteger total, long inUse, BigInteger free, List<BlockUsage> blocks) {
  public PoolUsage {
    blocks = List.copyOf(blocks);
  }

  public long borrowed() {
    return blocks.stream().mapToLong(BlockUsage::borrowed).sum();
  }
}
