package io.jcalico.bgp.bench;

import java.nio.ByteBuffer;

/**
 * Counts the distinct feed prefixes announced in a stream of UPDATEs, exactly: one bit per feed
 * prefix, so a re-announcement is not counted twice, a withdrawal un-counts, and anything outside
 * the feed is reported. Written by one reader thread; the totals are published once per UPDATE.
 * Walks the classic IPv4 NLRI field in place (RFC 4271 §4.3): no objects per prefix.
 */
final class PrefixCounter {
  private final int base;
  private final int size;
  private final long[] bits;
  private int distinct;
  private volatile int published;
  private volatile long completedAt;
  private long unexpected;
  private long reannounced;
  private long withdrawn;
  private long updates;

  PrefixCounter(int base, int size) {
    this.base = base;
    this.size = size;
    this.bits = new long[(size + 63) / 64];
  }

  /** One UPDATE body (after the 19-byte header) at {@code offset} in {@code buf}. */
  void update(ByteBuffer buf, int offset, int length) {
    updates++;
    int end = offset + length;
    int withdrawnLength = buf.getShort(offset) & 0xFFFF;
    int p = offset + 2;
    int withdrawnEnd = p + withdrawnLength;
    while (p < withdrawnEnd) {
      int bitsLength = buf.get(p) & 0xFF;
      int index = index(buf, p, bitsLength);
      if (index >= 0 && clear(index)) {
        distinct--;
        withdrawn++;
      }
      p += 1 + (bitsLength + 7) / 8;
    }
    int attrsLength = buf.getShort(withdrawnEnd) & 0xFFFF;
    p = withdrawnEnd + 2 + attrsLength;
    while (p < end) {
      int bitsLength = buf.get(p) & 0xFF;
      int index = index(buf, p, bitsLength);
      if (index < 0) {
        unexpected++;
      } else if (set(index)) {
        distinct++;
      } else {
        reannounced++;
      }
      p += 1 + (bitsLength + 7) / 8;
    }
    published = distinct;
    if (distinct == size && completedAt == 0) {
      completedAt = System.nanoTime();
    }
  }

  /** The feed index of the /32 at {@code p}, or -1 for any other prefix. */
  private int index(ByteBuffer buf, int p, int bitsLength) {
    if (bitsLength != 32) {
      return -1;
    }
    long index = (buf.getInt(p + 1) - (long) base) & 0xFFFF_FFFFL;
    return index < size ? (int) index : -1;
  }

  private boolean set(int index) {
    long mask = 1L << index;
    long word = bits[index >>> 6];
    bits[index >>> 6] = word | mask;
    return (word & mask) == 0;
  }

  private boolean clear(int index) {
    long mask = 1L << index;
    long word = bits[index >>> 6];
    bits[index >>> 6] = word & ~mask;
    return (word & mask) != 0;
  }

  int distinct() {
    return published;
  }

  /** {@link System#nanoTime()} when the last feed prefix arrived, 0 until then. */
  long completedAt() {
    return completedAt;
  }

  /** Counters for the report; read after the stream has gone quiet. */
  String details() {
    return "updates=" + updates + " distinct=" + published + " reannounced=" + reannounced
        + " withdrawn=" + withdrawn + " unexpected=" + unexpected;
  }

  long unexpected() {
    return unexpected;
  }

  long withdrawn() {
    return withdrawn;
  }
}
