package io.jcalico.bgp.codec;

import io.jcalico.bgp.codec.attr.AttributeCodec;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.NlriCodec;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/** Writes messages into a buffer: the pure half of {@link BgpMessageEncoder}. */
public final class BgpMessageWriter {
    private BgpMessageWriter() {
    }

    /**
     * Appends {@code msg} with its header to {@code out}.
     *
     * @throws IllegalArgumentException if it exceeds the session's maximum message length
     */
    public static void write(BgpMessage msg, CodecOptions options, ByteBuf out) {
        int start = out.writerIndex();
        writeHeader(out, msg.type());
        if (msg instanceof Open open) {
            writeOpen(open, out);
        } else if (msg instanceof Update update) {
            writeUpdate(update, options, out);
        } else if (msg instanceof Notification n) {
            out.writeByte(n.code());
            out.writeByte(n.subcode());
            out.writeBytes(n.rawData());
        } else if (msg instanceof RouteRefresh rr) {
            out.writeShort(rr.family().afi());
            out.writeByte(rr.subtype());
            out.writeByte(rr.family().safi());
        }
        int max = msg instanceof Open || msg instanceof Keepalive ? BgpMessage.MAX_LENGTH : options.maxMessageLength();
        finish(out, start, max);
    }

    static void writeHeader(ByteBuf out, int type) {
        out.writeLong(-1L);
        out.writeLong(-1L);
        out.writeShort(0);
        out.writeByte(type);
    }

    /** Patches the length of the message that began at {@code start}. */
    static void finish(ByteBuf out, int start, int max) {
        int length = out.writerIndex() - start;
        if (length > max) {
            out.writerIndex(start);
            throw new IllegalArgumentException("message of " + length + " octets exceeds " + max);
        }
        out.setShort(start + 16, length);
    }

    private static void writeOpen(Open open, ByteBuf out) {
        out.writeByte(open.version());
        out.writeShort(open.myAs());
        out.writeShort(open.holdTime());
        out.writeInt(open.bgpId());
        int lenAt = out.writerIndex();
        out.writeByte(0);
        // One capability per optional parameter, as most speakers do.
        for (Capability c : open.capabilities()) {
            out.writeByte(2);
            int paramLenAt = out.writerIndex();
            out.writeByte(0);
            out.writeByte(c.code());
            int capLenAt = out.writerIndex();
            out.writeByte(0);
            writeCapabilityValue(c, out);
            int capLen = out.writerIndex() - capLenAt - 1;
            if (capLen > 253) {
                throw new IllegalArgumentException("capability " + c.code() + " too long");
            }
            out.setByte(capLenAt, capLen);
            out.setByte(paramLenAt, capLen + 2);
        }
        int optLen = out.writerIndex() - lenAt - 1;
        if (optLen > 254) {
            throw new IllegalArgumentException("optional parameters of " + optLen + " octets");
        }
        out.setByte(lenAt, optLen);
    }

    private static void writeCapabilityValue(Capability c, ByteBuf out) {
        // Route refresh, enhanced route refresh and extended message have no value.
        if (c instanceof Capability.MultiProtocol mp) {
            out.writeShort(mp.family().afi());
            out.writeByte(0);
            out.writeByte(mp.family().safi());
        } else if (c instanceof Capability.FourOctetAs f) {
            out.writeInt((int) f.asn());
        } else if (c instanceof Capability.GracefulRestart gr) {
            out.writeShort((gr.restarting() ? 0x8000 : 0) | (gr.notification() ? 0x4000 : 0) | gr.restartTime());
            for (Capability.GracefulRestart.Family f : gr.families()) {
                out.writeShort(f.family().afi());
                out.writeByte(f.family().safi());
                out.writeByte(f.forwardingPreserved() ? 0x80 : 0);
            }
        } else if (c instanceof Capability.Unknown u) {
            out.writeBytes(u.value());
        }
    }

    private static void writeUpdate(Update u, CodecOptions options, ByteBuf out) {
        out.writeShort(NlriCodec.encodedLength(u.withdrawn()));
        NlriCodec.encodeAll(u.withdrawn(), out);
        int attrLenAt = out.writerIndex();
        out.writeShort(0);
        if (u.mpUnreach() != null) {
            writeMpUnreach(u.mpUnreach(), 0, u.mpUnreach().size(), out);
        }
        if (u.mpReach() != null) {
            writeMpReach(u.mpNextHop(), u.mpReach(), 0, u.mpReach().size(), out);
        }
        if (u.attributes() != null) {
            AttributeCodec.encode(u.attributes(),
                    new AttributeCodec.EncodeOptions(options.asnSize(), !u.nlri().isEmpty()), out);
        }
        out.setShort(attrLenAt, out.writerIndex() - attrLenAt - 2);
        NlriCodec.encodeAll(u.nlri(), out);
    }

    static int nextHopLength(NextHop nh) {
        return nh instanceof NextHop.V6 v6 ? (v6.hasLinkLocal() ? 32 : 16) : 4;
    }

    static int mpReachLength(NextHop nh, int nlriBytes) {
        return 5 + nextHopLength(nh) + nlriBytes;
    }

    /** MP_REACH_NLRI for entries {@code [from, to)} of {@code prefixes}. */
    static void writeMpReach(NextHop nh, PrefixList prefixes, int from, int to, ByteBuf out) {
        int nlriBytes = 0;
        for (int i = from; i < to; i++) {
            nlriBytes += NlriCodec.encodedLength(prefixes, i);
        }
        AttributeCodec.writeHeader(out, AttributeCodec.FLAG_OPTIONAL, AttributeCodec.MP_REACH_NLRI,
                mpReachLength(nh, nlriBytes));
        out.writeShort(prefixes.family().afi());
        out.writeByte(prefixes.family().safi());
        out.writeByte(nextHopLength(nh));
        if (nh instanceof NextHop.V4 v4) {
            out.writeInt(v4.address32());
        } else if (nh instanceof NextHop.V6 v6) {
            out.writeLong(v6.hi());
            out.writeLong(v6.lo());
            if (v6.hasLinkLocal()) {
                out.writeLong(v6.linkLocalHi());
                out.writeLong(v6.linkLocalLo());
            }
        }
        out.writeByte(0);
        for (int i = from; i < to; i++) {
            NlriCodec.encode(prefixes, i, out);
        }
    }

    static void writeMpUnreach(PrefixList prefixes, int from, int to, ByteBuf out) {
        int nlriBytes = 0;
        for (int i = from; i < to; i++) {
            nlriBytes += NlriCodec.encodedLength(prefixes, i);
        }
        AttributeCodec.writeHeader(out, AttributeCodec.FLAG_OPTIONAL, AttributeCodec.MP_UNREACH_NLRI, 3 + nlriBytes);
        out.writeShort(prefixes.family().afi());
        out.writeByte(prefixes.family().safi());
        for (int i = from; i < to; i++) {
            NlriCodec.encode(prefixes, i, out);
        }
    }

    /** The complete frames at the start of a byte stream, as slices (tests and tools). */
    public static List<ByteBuf> frames(ByteBuf stream) {
        List<ByteBuf> out = new ArrayList<>();
        while (stream.readableBytes() >= BgpMessage.HEADER_LENGTH) {
            int len = stream.getUnsignedShort(stream.readerIndex() + 16);
            if (len < BgpMessage.HEADER_LENGTH || len > stream.readableBytes()) {
                break;
            }
            out.add(stream.readSlice(len));
        }
        return out;
    }
}
