package io.jcalico.ipam.model;

import com.google.common.hash.Hashing;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/** Block CIDR arithmetic: sizes, formatting as Calico writes it, and the per-host search order. */
public final class BlockCidrs {
  private BlockCidrs() {}

  /** Addresses in a block (at most 4096: blocks are /20../32 and /116../128). */
  public static int size(IPAddress block) {
    return block.toPrefixBlock().getCount().intValueExact();
  }

  /** "10.65.79.0/26", "fd00::/122": the form of handle keys and the block's "cidr". */
  public static String format(IPAddress block) {
    return block.toPrefixBlock().toCanonicalString();
  }

  public static IPAddress parse(String cidr) {
    IPAddress a = new IPAddressString(cidr).getAddress();
    if (a == null || !a.isPrefixed()) throw new IllegalArgumentException("not a CIDR: " + cidr);
    return a.toPrefixBlock();
  }

  /** The block of a pool's block size that holds an address. */
  public static IPAddress blockOf(IPAddress address, int blockSize) {
    return address.withoutPrefixLength().toPrefixBlock(blockSize);
  }

  /**
   * How many blocks of the pool's block size the pool holds. (Not ipaddress's
   * {@code getPrefixCount(int)}: in 5.5.1 it answers 1 for IPv6 prefix lengths inside a segment,
   * e.g. /122 blocks of a /112 pool.)
   */
  public static BigInteger blockCount(IPAddress pool, int blockSize) {
    return BigInteger.ONE.shiftLeft(blockSize - pool.toPrefixBlock().getNetworkPrefixLength());
  }

  /** The i-th block of the pool. */
  public static IPAddress nthBlock(IPAddress pool, int blockSize, BigInteger i) {
    int bits = pool.getBitCount() - blockSize;
    BigInteger start = pool.toPrefixBlock().getLower().getValue().add(i.shiftLeft(bits));
    IPAddress lower = pool.isIPv4()
        ? new inet.ipaddr.ipv4.IPv4Address(start.intValue())
        : new inet.ipaddr.ipv6.IPv6Address(start);
    return lower.toPrefixBlock(blockSize);
  }

  /**
   * Every block of the pool, starting at an index chosen by a random generator seeded with a hash
   * of the host name and wrapping around: each host starts its search somewhere else (so hosts do
   * not race for the same block), and always at the same place (so a restarted host behaves alike).
   */
  public static Iterator<IPAddress> searchOrder(IPAddress pool, int blockSize, String host) {
    BigInteger count = blockCount(pool, blockSize);
    long seed = Hashing.murmur3_128().hashString(host, StandardCharsets.UTF_8).asLong();
    BigInteger start = new BigInteger(count.bitLength() + 16, new java.util.Random(seed)).mod(count);
    return new Iterator<>() {
      BigInteger done = BigInteger.ZERO;

      @Override
      public boolean hasNext() {
        return done.compareTo(count) < 0;
      }

      @Override
      public IPAddress next() {
        if (!hasNext()) throw new NoSuchElementException();
        IPAddress b = nthBlock(pool, blockSize, start.add(done).mod(count));
        done = done.add(BigInteger.ONE);
        return b;
      }
    };
  }

  /** A host-seeded random generator, for choosing among candidates the same way each time. */
  public static SplittableRandom hostRandom(String host) {
    return new SplittableRandom(Hashing.murmur3_128().hashString(host, StandardCharsets.UTF_8).asLong());
  }
}
