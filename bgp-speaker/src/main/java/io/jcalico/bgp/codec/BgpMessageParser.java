package io.jcalico.bgp.codec;

import static io.jcalico.bgp.codec.ErrorCodes.*;

import io.jcalico.bgp.codec.attr.AttributeCodec;
import io.jcalico.bgp.codec.attr.AttributeError;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Verdict;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.NlriCodec;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * One pure parser per message type. Each takes the body (the frame after the 19-byte header) and
 * returns a value, or throws {@link MessageException} with the NOTIFICATION to send. The body is
 * read in place; nothing it returns refers to the buffer.
 */
public final class BgpMessageParser {
    private BgpMessageParser() {
    }

    /** Parses a body of the given type (the framer has checked type and minimum length). */
    public static BgpMessage parse(int type, ByteBuf body, CodecOptions options) {
        return switch (type) {
            case BgpMessage.TYPE_OPEN -> parseOpen(body);
            case BgpMessage.TYPE_UPDATE -> parseUpdate(body, options);
            case BgpMessage.TYPE_NOTIFICATION -> parseNotification(body);
            case BgpMessage.TYPE_KEEPALIVE -> Keepalive.INSTANCE;
            case BgpMessage.TYPE_ROUTE_REFRESH -> parseRouteRefresh(body);
            default -> throw new MessageException(new Notification(MESSAGE_HEADER, BAD_MESSAGE_TYPE,
                    new byte[] {(byte) type}), "message type " + type);
        };
    }

    private static MessageException openError(int subcode, String reason) {
        return new MessageException(new Notification(OPEN_MESSAGE, subcode), reason);
    }

    public static Open parseOpen(ByteBuf body) {
        int version = body.readUnsignedByte();
        if (version != Open.VERSION) {
            throw new MessageException(Notification.withShort(OPEN_MESSAGE, UNSUPPORTED_VERSION, Open.VERSION),
                    "BGP version " + version);
        }
        int myAs = body.readUnsignedShort();
        int holdTime = body.readUnsignedShort();
        int bgpId = body.readInt();
        int optLen = body.readUnsignedByte();
        boolean extended = false;
        // RFC 9072: 255 followed by a parameter type of 255 announces 2-octet lengths.
        if (optLen == 255 && body.isReadable() && body.getUnsignedByte(body.readerIndex()) == 255) {
            body.skipBytes(1);
            if (body.readableBytes() < 2) {
                throw openError(0, "truncated extended optional parameters length");
            }
            optLen = body.readUnsignedShort();
            extended = true;
        }
        if (optLen != body.readableBytes()) {
            throw openError(0, "optional parameters length " + optLen + " but " + body.readableBytes() + " octets follow");
        }
        List<Capability> caps = new ArrayList<>();
        while (body.isReadable()) {
            int headerLen = extended ? 3 : 2;
            if (body.readableBytes() < headerLen) {
                throw openError(0, "truncated optional parameter");
            }
            int paramType = body.readUnsignedByte();
            int paramLen = extended ? body.readUnsignedShort() : body.readUnsignedByte();
            if (paramLen > body.readableBytes()) {
                throw openError(0, "optional parameter overruns the message");
            }
            ByteBuf param = body.readSlice(paramLen);
            if (paramType != 2) {
                throw openError(UNSUPPORTED_OPTIONAL_PARAMETER, "optional parameter type " + paramType);
            }
            while (param.isReadable()) {
                if (param.readableBytes() < 2) {
                    throw openError(0, "truncated capability");
                }
                int code = param.readUnsignedByte();
                int len = param.readUnsignedByte();
                if (len > param.readableBytes()) {
                    throw openError(0, "capability " + code + " overruns its parameter");
                }
                caps.add(parseCapability(code, param.readSlice(len)));
            }
        }
        return new Open(version, myAs, holdTime, bgpId, caps);
    }

    private static Capability parseCapability(int code, ByteBuf v) {
        int len = v.readableBytes();
        switch (code) {
            case Capability.MULTIPROTOCOL -> {
                expectLength(code, len, 4);
                int afi = v.readUnsignedShort();
                v.skipBytes(1);
                return new Capability.MultiProtocol(AddressFamily.valueOf(afi, v.readUnsignedByte()));
            }
            case Capability.ROUTE_REFRESH -> {
                expectLength(code, len, 0);
                return new Capability.RouteRefreshSupport();
            }
            case Capability.ENHANCED_ROUTE_REFRESH -> {
                expectLength(code, len, 0);
                return new Capability.EnhancedRouteRefresh();
            }
            case Capability.EXTENDED_MESSAGE -> {
                expectLength(code, len, 0);
                return new Capability.ExtendedMessage();
            }
            case Capability.FOUR_OCTET_AS -> {
                expectLength(code, len, 4);
                return new Capability.FourOctetAs(v.readUnsignedInt());
            }
            case Capability.GRACEFUL_RESTART -> {
                if (len < 2 || (len - 2) % 4 != 0) {
                    throw openError(0, "graceful restart capability of length " + len);
                }
                int head = v.readUnsignedShort();
                List<Capability.GracefulRestart.Family> fams = new ArrayList<>();
                while (v.isReadable()) {
                    int afi = v.readUnsignedShort();
                    int safi = v.readUnsignedByte();
                    int flags = v.readUnsignedByte();
                    fams.add(new Capability.GracefulRestart.Family(AddressFamily.valueOf(afi, safi), (flags & 0x80) != 0));
                }
                return new Capability.GracefulRestart((head & 0x8000) != 0, (head & 0x4000) != 0, head & 0x0FFF, fams);
            }
            default -> {
                return new Capability.Unknown(code, ByteBufUtil.getBytes(v));
            }
        }
    }

    private static void expectLength(int code, int len, int expected) {
        if (len != expected) {
            throw openError(0, "capability " + code + " of length " + len + ", expected " + expected);
        }
    }

    private static MessageException updateError(int subcode, String reason) {
        return new MessageException(new Notification(UPDATE_MESSAGE, subcode), reason);
    }

    public static Update parseUpdate(ByteBuf body, CodecOptions options) {
        int bodyLen = body.readableBytes();
        int withdrawnLen = body.readUnsignedShort();
        if (4 + withdrawnLen > bodyLen) {
            throw updateError(MALFORMED_ATTRIBUTE_LIST, "withdrawn routes length " + withdrawnLen + " overruns the message");
        }
        PrefixList.Builder withdrawn = PrefixList.builder(AddressFamily.IPV4_UNICAST);
        String e = NlriCodec.decode(body, withdrawnLen, withdrawn);
        if (e != null) {
            throw updateError(INVALID_NETWORK_FIELD, "withdrawn routes: " + e);
        }
        int attrLen = body.readUnsignedShort();
        if (attrLen > body.readableBytes()) {
            throw updateError(MALFORMED_ATTRIBUTE_LIST, "path attribute length " + attrLen + " overruns the message");
        }
        AttributeCodec.DecodeState st = new AttributeCodec.DecodeState(options.asnSize());
        int nlriStart = body.readerIndex() + attrLen;
        AttributeCodec.decode(body, attrLen, st);
        body.readerIndex(nlriStart); // the NLRI is located by the total length even if attributes were cut short
        PrefixList.Builder nlri = PrefixList.builder(AddressFamily.IPV4_UNICAST);
        e = NlriCodec.decode(body, body.readableBytes(), nlri);
        if (e != null) {
            throw updateError(INVALID_NETWORK_FIELD, "NLRI: " + e);
        }
        List<AttributeError> errors = st.errors();
        for (AttributeError err : errors) {
            if (err.verdict() == Verdict.SESSION_RESET) {
                throw updateError(err.subcode(), err.reason());
            }
        }
        PrefixList classic = nlri.build();
        boolean reach = !classic.isEmpty() || st.mpReach() != null && !st.mpReach().isEmpty();
        if (reach) {
            // RFC 7606 §3(d): a missing well-known mandatory attribute means treat-as-withdraw.
            if (!st.hasOrigin()) {
                st.error(MISSING_WELL_KNOWN_ATTRIBUTE, Verdict.TREAT_AS_WITHDRAW, "ORIGIN missing");
            }
            if (!st.hasAsPath()) {
                st.error(MISSING_WELL_KNOWN_ATTRIBUTE, Verdict.TREAT_AS_WITHDRAW, "AS_PATH missing");
            }
            if (!classic.isEmpty() && !st.hasNextHop()) {
                st.error(MISSING_WELL_KNOWN_ATTRIBUTE, Verdict.TREAT_AS_WITHDRAW, "NEXT_HOP missing");
            }
        }
        AttributeSet attributes = reach ? st.attributes() : null;
        return new Update(withdrawn.build(), attributes, classic, st.mpReach(), st.mpNextHop(), st.mpUnreach(), errors);
    }

    public static Notification parseNotification(ByteBuf body) {
        int code = body.readUnsignedByte();
        int subcode = body.readUnsignedByte();
        return new Notification(code, subcode, ByteBufUtil.getBytes(body));
    }

    public static RouteRefresh parseRouteRefresh(ByteBuf body) {
        if (body.readableBytes() != 4) {
            throw new MessageException(new Notification(ROUTE_REFRESH_MESSAGE, INVALID_ROUTE_REFRESH_LENGTH),
                    "ROUTE-REFRESH body of " + body.readableBytes() + " octets");
        }
        int afi = body.readUnsignedShort();
        int subtype = body.readUnsignedByte();
        int safi = body.readUnsignedByte();
        return new RouteRefresh(AddressFamily.valueOf(afi, safi), subtype);
    }
}
