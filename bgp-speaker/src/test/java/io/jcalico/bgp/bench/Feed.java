package io.jcalico.bgp.bench;

import static com.google.common.base.Preconditions.checkArgument;

import java.nio.ByteBuffer;

/**
 * The benchmark feed, encoded once before the clock starts: {@code prefixes} IPv4 /32s counting up
 * from {@code base}, {@code perSet} prefixes per UPDATE, each UPDATE with its own attribute set
 * (ORIGIN IGP, AS_PATH [feeder AS], NEXT_HOP, one community numbering the set). Communities are
 * transitive, so the system under test must keep the sets apart when it re-advertises (a MED
 * would be dropped at the eBGP hop and let it pack everything into one set).
 *
 * <p>Encoded by hand: the wire layout of one fixed UPDATE shape is a few lines (RFC 4271 §4.3),
 * and the feed must not depend on the codec under test.
 */
final class Feed {
  static final int HEADER = 19;
  static final int TYPE_UPDATE = 2;

  private final ByteBuffer bytes;
  private final int prefixes;
  private final int updates;
  private final int base;

  private Feed(ByteBuffer bytes, int prefixes, int updates, int base) {
    this.bytes = bytes;
    this.prefixes = prefixes;
    this.updates = updates;
    this.base = base;
  }

  /**
   * @param base first prefix as a 32-bit address; the feed covers base .. base + prefixes - 1
   * @param nextHop NEXT_HOP as a 32-bit address (not 127/8: FRR drops martian next hops)
   */
  static Feed build(int prefixes, int perSet, long feederAs, int base, int nextHop) {
    checkArgument(prefixes > 0 && perSet > 0, "prefixes %s, per set %s", prefixes, perSet);
    int attrsLength = 4 + 9 + 7 + 7;
    int maxLength = HEADER + 4 + attrsLength + 5 * perSet;
    checkArgument(maxLength <= 4096, "%s prefixes do not fit one 4096-byte UPDATE", perSet);
    int updates = (prefixes + perSet - 1) / perSet;
    checkArgument(updates <= 0x10000, "%s attribute sets do not fit the 16-bit community number", updates);
    ByteBuffer out = ByteBuffer.allocateDirect(updates * (HEADER + 4 + attrsLength) + prefixes * 5);
    int next = 0;
    for (int set = 0; set < updates; set++) {
      int count = Math.min(perSet, prefixes - next);
      int length = HEADER + 4 + attrsLength + 5 * count;
      for (int i = 0; i < 16; i++) {
        out.put((byte) 0xFF);
      }
      out.putShort((short) length).put((byte) TYPE_UPDATE);
      out.putShort((short) 0); // withdrawn routes length
      out.putShort((short) attrsLength);
      out.put((byte) 0x40).put((byte) 1).put((byte) 1).put((byte) 0); // ORIGIN IGP
      out.put((byte) 0x40).put((byte) 2).put((byte) 6) // AS_PATH: one AS_SEQUENCE of one 4-octet AS
          .put((byte) 2).put((byte) 1).putInt((int) feederAs);
      out.put((byte) 0x40).put((byte) 3).put((byte) 4).putInt(nextHop); // NEXT_HOP
      out.put((byte) 0xC0).put((byte) 8).put((byte) 4) // COMMUNITIES: feeder AS low 16 bits : set
          .putInt((int) ((feederAs & 0xFFFF) << 16 | set));
      for (int i = 0; i < count; i++) {
        out.put((byte) 32).putInt(base + next++);
      }
    }
    out.flip();
    return new Feed(out.asReadOnlyBuffer(), prefixes, updates, base);
  }

  /** A fresh read view of the encoded feed. */
  ByteBuffer bytes() {
    return bytes.duplicate();
  }

  int prefixes() {
    return prefixes;
  }

  int updates() {
    return updates;
  }

  int base() {
    return base;
  }
}
