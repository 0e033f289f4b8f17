package io.jcalico.bgp.codec.nlri;

import io.netty.buffer.ByteBuf;

/**
 * Wire form of prefixes (RFC 4271 §4.3, RFC 4760 §5): a length byte, then the fewest octets that
 * hold that many bits. Decoding reads straight from the buffer into a {@link PrefixList.Builder}.
 */
public final class NlriCodec {
    private NlriCodec() {
    }

    /** Per-thread copy of the field being decoded: array reads beat bounds-checked buffer reads. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    /**
     * Reads prefixes from {@code len} bytes at the reader index into {@code out}. Returns null on
     * success, otherwise why the field is malformed (the reader index is then undefined).
     */
    public static String decode(ByteBuf buf, int len, PrefixList.Builder out) {
        if (len <= 0) {
            return null;
        }
        byte[] field = SCRATCH.get();
        if (field.length < len) {
            field = new byte[Math.max(len, 1 << 16)]; // extended messages: up to 64 KiB
            SCRATCH.set(field);
        }
        buf.readBytes(field, 0, len);
        return decode(field, len, out);
    }

    private static String decode(byte[] field, int len, PrefixList.Builder out) {
        int maxBits = out.family().addressBits();
        boolean v4 = out.family().isIpv4();
        // first the lengths alone: checks the field and counts, so the list is allocated once, exactly
        int count = 0;
        for (int i = 0; i < len; count++) {
            int bits = field[i++] & 0xFF;
            if (bits > maxBits) {
                return "prefix length " + bits + " exceeds " + maxBits;
            }
            i += (bits + 7) >>> 3;
            if (i > len) {
                return "prefix of length " + bits + " overruns the NLRI field";
            }
        }
        out.expect(count);
        int i = 0;
        while (i < len) {
            int bits = field[i++] & 0xFF;
            int bytes = (bits + 7) >>> 3;
            if (v4) {
                int addr = 0;
                for (int k = 0; k < 4; k++) {
                    addr = addr << 8 | (k < bytes ? field[i + k] & 0xFF : 0);
                }
                out.addIpv4(Ipv4Prefixes.pack(addr, bits));
            } else {
                long hi = 0;
                long lo = 0;
                for (int k = 0; k < 16; k++) {
                    long b = k < bytes ? field[i + k] & 0xFF : 0;
                    if (k < 8) {
                        hi = hi << 8 | b;
                    } else {
                        lo = lo << 8 | b;
                    }
                }
                out.addIpv6(hi, lo, bits);
            }
            i += bytes;
        }
        return null;
    }

    /** Bytes entry {@code i} takes on the wire. */
    public static int encodedLength(PrefixList list, int i) {
        return 1 + ((list.length(i) + 7) >>> 3);
    }

    public static void encode(PrefixList list, int i, ByteBuf out) {
        int bits = list.length(i);
        out.writeByte(bits);
        int bytes = (bits + 7) >>> 3;
        long hi = list.hi(i);
        long lo = list.lo(i);
        for (int b = 0; b < bytes; b++) {
            long word = b < 8 ? hi : lo;
            out.writeByte((int) (word >>> (56 - 8 * (b & 7))));
        }
    }

    /** Encodes the packed IPv4 key directly (the hot path of UPDATE packing). */
    public static void encodeIpv4(long packed, ByteBuf out) {
        int bits = Ipv4Prefixes.length(packed);
        int addr = Ipv4Prefixes.address(packed);
        if (bits > 24) {
            out.writeByte(bits);
            out.writeInt(addr); // the common /25../32: one bounds check for the address
            return;
        }
        out.writeByte(bits);
        for (int b = 0, bytes = (bits + 7) >>> 3; b < bytes; b++) {
            out.writeByte(addr >>> (24 - 8 * b));
        }
    }

    /** Encodes the packed IPv4 key into {@code field} at {@code at}; returns the index after it. */
    public static int encodeIpv4(long packed, byte[] field, int at) {
        int bits = Ipv4Prefixes.length(packed);
        int addr = Ipv4Prefixes.address(packed);
        field[at++] = (byte) bits;
        for (int b = 0, bytes = (bits + 7) >>> 3; b < bytes; b++) {
            field[at++] = (byte) (addr >>> (24 - 8 * b));
        }
        return at;
    }

    public static int encodedLengthIpv4(long packed) {
        return 1 + ((Ipv4Prefixes.length(packed) + 7) >>> 3);
    }

    public static void encodeAll(PrefixList list, ByteBuf out) {
        for (int i = 0; i < list.size(); i++) {
            encode(list, i, out);
        }
    }

    public static int encodedLength(PrefixList list) {
        int n = 0;
        for (int i = 0; i < list.size(); i++) {
            n += encodedLength(list, i);
        }
        return n;
    }
}
