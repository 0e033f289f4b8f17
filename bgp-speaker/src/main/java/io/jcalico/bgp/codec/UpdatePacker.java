package io.jcalico.bgp.codec;

import io.jcalico.bgp.codec.attr.AttributeCodec;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.NlriCodec;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;

/**
 * Writes as few UPDATEs as fit the session's message size for many prefixes sharing one attribute
 * set (BIRD's buckets): the attributes are encoded once and copied into each further message.
 */
public final class UpdatePacker {
    private static final int FIXED = BgpMessage.HEADER_LENGTH + 4;
    /** Per-thread NLRI field being packed (array writes beat a bounds-checked buffer write per byte). */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[4096]);

    private UpdatePacker() {
    }

    /** Appends UPDATEs announcing {@code prefixes} with {@code attrs}; returns how many. */
    public static int announce(AttributeSet attrs, PrefixList prefixes, CodecOptions options, ByteBuf out) {
        int max = options.maxMessageLength();
        boolean classic = prefixes.family().equals(AddressFamily.IPV4_UNICAST) && attrs.nextHop() instanceof NextHop.V4;
        AttributeCodec.EncodeOptions eo = new AttributeCodec.EncodeOptions(options.asnSize(), classic);
        int attrsLen = AttributeCodec.encodedLength(attrs, eo);
        int messages = 0;
        int attrsAt = -1;
        int i = 0;
        int n = prefixes.size();
        while (i < n) {
            int start = out.writerIndex();
            BgpMessageWriter.writeHeader(out, BgpMessage.TYPE_UPDATE);
            out.writeShort(0);
            int attrLenAt = out.writerIndex();
            out.writeShort(0);
            int from = i;
            if (classic) {
                copyOrEncode(attrs, eo, out, attrsAt, attrsLen);
                attrsAt = attrLenAt + 2;
                out.setShort(attrLenAt, attrsLen);
                int room = max - (out.writerIndex() - start);
                byte[] field = scratch(room);
                int at = 0;
                while (i < n) {
                    long key = prefixes.ipv4(i);
                    if (NlriCodec.encodedLengthIpv4(key) > room - at) {
                        break;
                    }
                    at = NlriCodec.encodeIpv4(key, field, at);
                    i++;
                }
                out.writeBytes(field, 0, at); // the whole NLRI field at once
            } else {
                NextHop nh = attrs.nextHop();
                int room = max - FIXED - attrsLen - 4 - BgpMessageWriter.mpReachLength(nh, 0);
                while (i < n && NlriCodec.encodedLength(prefixes, i) <= room) {
                    room -= NlriCodec.encodedLength(prefixes, i);
                    i++;
                }
                BgpMessageWriter.writeMpReach(nh, prefixes, from, i, out);
                int here = out.writerIndex();
                copyOrEncode(attrs, eo, out, attrsAt, attrsLen);
                attrsAt = here;
                out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
            }
            if (i == from) {
                out.writerIndex(start);
                throw new IllegalArgumentException("attributes leave no room for a prefix: " + attrs);
            }
            BgpMessageWriter.finish(out, start, max);
            messages++;
        }
        return messages;
    }

    private static byte[] scratch(int size) {
        byte[] field = SCRATCH.get();
        if (field.length < size) {
            field = new byte[Math.max(size, 1 << 16)];
            SCRATCH.set(field);
        }
        return field;
    }

    private static void copyOrEncode(AttributeSet attrs, AttributeCodec.EncodeOptions eo, ByteBuf out, int at, int len) {
        if (at < 0) {
            AttributeCodec.encode(attrs, eo, out);
        } else {
            out.writeBytes(out, at, len);
        }
    }

    /** Appends UPDATEs withdrawing {@code prefixes}; returns how many. */
    public static int withdraw(PrefixList prefixes, CodecOptions options, ByteBuf out) {
        int max = options.maxMessageLength();
        boolean classic = prefixes.family().equals(AddressFamily.IPV4_UNICAST);
        int messages = 0;
        int i = 0;
        int n = prefixes.size();
        while (i < n) {
            int start = out.writerIndex();
            BgpMessageWriter.writeHeader(out, BgpMessage.TYPE_UPDATE);
            int room = max - FIXED - (classic ? 0 : 4 + 3);
            int from = i;
            while (i < n && NlriCodec.encodedLength(prefixes, i) <= room) {
                room -= NlriCodec.encodedLength(prefixes, i);
                i++;
            }
            if (classic) {
                int lenAt = out.writerIndex();
                out.writeShort(0);
                for (int k = from; k < i; k++) {
                    NlriCodec.encodeIpv4(prefixes.ipv4(k), out);
                }
                out.setShort(lenAt, out.writerIndex() - lenAt - 2);
                out.writeShort(0);
            } else {
                out.writeShort(0);
                int attrLenAt = out.writerIndex();
                out.writeShort(0);
                BgpMessageWriter.writeMpUnreach(prefixes, from, i, out);
                out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
            }
            BgpMessageWriter.finish(out, start, max);
            messages++;
        }
        return messages;
    }

    /** Appends the End-of-RIB marker of a family. */
    public static void endOfRib(AddressFamily family, CodecOptions options, ByteBuf out) {
        BgpMessageWriter.write(Update.endOfRib(family), options, out);
    }
}
