package io.jcalico.bgp.codec.attr;

import static io.jcalico.bgp.codec.ErrorCodes.ATTRIBUTE_FLAGS_ERROR;
import static io.jcalico.bgp.codec.ErrorCodes.ATTRIBUTE_LENGTH_ERROR;
import static io.jcalico.bgp.codec.ErrorCodes.INVALID_NEXT_HOP;
import static io.jcalico.bgp.codec.ErrorCodes.INVALID_ORIGIN;
import static io.jcalico.bgp.codec.ErrorCodes.MALFORMED_AS_PATH;
import static io.jcalico.bgp.codec.ErrorCodes.MALFORMED_ATTRIBUTE_LIST;
import static io.jcalico.bgp.codec.ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR;
import static io.jcalico.bgp.codec.ErrorCodes.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE;
import static io.jcalico.bgp.codec.attr.Verdict.ATTRIBUTE_DISCARD;
import static io.jcalico.bgp.codec.attr.Verdict.SESSION_RESET;
import static io.jcalico.bgp.codec.attr.Verdict.TREAT_AS_WITHDRAW;

import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.NlriCodec;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Path attributes on the wire, driven by one descriptor per type code: expected flags, what RFC
 * 7606 says to do when the value is malformed, a decoder and an encoder. Decoders read a slice that
 * holds exactly the value and set the builder only when the value is good, so a discarded attribute
 * leaves no trace. AS numbers are widened to 4 octets and AS4_PATH/AS4_AGGREGATOR merged (RFC 6793)
 * when the session is 2-octet; encoding does the reverse.
 */
public final class AttributeCodec {
    public static final int FLAG_OPTIONAL = 0x80;
    public static final int FLAG_TRANSITIVE = 0x40;
    public static final int FLAG_PARTIAL = 0x20;
    public static final int FLAG_EXTENDED_LENGTH = 0x10;

    public static final int ORIGIN = 1;
    public static final int AS_PATH = 2;
    public static final int NEXT_HOP = 3;
    public static final int MULTI_EXIT_DISC = 4;
    public static final int LOCAL_PREF = 5;
    public static final int ATOMIC_AGGREGATE = 6;
    public static final int AGGREGATOR = 7;
    public static final int COMMUNITIES = 8;
    public static final int ORIGINATOR_ID = 9;
    public static final int CLUSTER_LIST = 10;
    public static final int MP_REACH_NLRI = 14;
    public static final int MP_UNREACH_NLRI = 15;
    public static final int AS4_PATH = 17;
    public static final int AS4_AGGREGATOR = 18;
    public static final int LARGE_COMMUNITIES = 32;

    private static final int WELL_KNOWN = FLAG_TRANSITIVE;
    private static final int OPTIONAL_NON_TRANSITIVE = FLAG_OPTIONAL;
    private static final int OPTIONAL_TRANSITIVE = FLAG_OPTIONAL | FLAG_TRANSITIVE;

    private AttributeCodec() {
    }

    /** How to write an attribute for one session: ASN width and whether NEXT_HOP goes out. */
    public record EncodeOptions(int asnSize, boolean classicNextHop) {
    }

    /** Reads one attribute value; returns null when good, otherwise what is wrong. */
    @FunctionalInterface
    interface ValueDecoder {
        String decode(ByteBuf value, int len, DecodeState st);
    }

    /** Length of the value to write, or -1 when the attribute is absent for this session. */
    @FunctionalInterface
    interface ValueLength {
        int length(AttributeSet a, EncodeOptions o);
    }

    @FunctionalInterface
    interface ValueWriter {
        void write(AttributeSet a, EncodeOptions o, ByteBuf out);
    }

    record Descriptor(int type, String name, int flags, int errorSubcode, Verdict onError,
                      ValueDecoder decoder, ValueLength length, ValueWriter writer) {
    }

    private static final Descriptor[] TABLE = new Descriptor[256];

    private static void define(int type, String name, int flags, int subcode, Verdict onError,
                               ValueDecoder decoder, ValueLength length, ValueWriter writer) {
        TABLE[type] = new Descriptor(type, name, flags, subcode, onError, decoder, length, writer);
    }

    private static String fixed(int len, int expected) {
        return len == expected ? null : "length " + len + ", expected " + expected;
    }

    private static String multipleOf(int len, int unit) {
        return len > 0 && len % unit == 0 ? null : "length " + len + " is not a positive multiple of " + unit;
    }

    private static int[] readInts(ByteBuf v, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = v.readInt();
        }
        return out;
    }

    private static void writeInts(int[] values, ByteBuf out) {
        for (int v : values) {
            out.writeInt(v);
        }
    }

    static {
        define(ORIGIN, "ORIGIN", WELL_KNOWN, INVALID_ORIGIN, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = fixed(len, 1);
                    if (e != null) {
                        return e;
                    }
                    int o = v.readUnsignedByte();
                    if (o > AttributeSet.ORIGIN_INCOMPLETE) {
                        return "undefined ORIGIN " + o;
                    }
                    st.builder.origin(o);
                    st.hasOrigin = true;
                    return null;
                },
                (a, o) -> 1, (a, o, out) -> out.writeByte(a.origin()));
        define(AS_PATH, "AS_PATH", WELL_KNOWN, MALFORMED_AS_PATH, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    AsPath p = AsPath.decode(v, len, st.asnSize);
                    if (p == null) {
                        return "bad segment type, count or length";
                    }
                    st.builder.asPath(p);
                    st.hasAsPath = true;
                    return null;
                },
                (a, o) -> a.asPath().encodedLength(o.asnSize()), (a, o, out) -> a.asPath().encode(out, o.asnSize()));
        define(NEXT_HOP, "NEXT_HOP", WELL_KNOWN, INVALID_NEXT_HOP, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = fixed(len, 4);
                    if (e != null) {
                        return e;
                    }
                    st.builder.nextHop(new NextHop.V4(v.readInt()));
                    st.hasNextHop = true;
                    return null;
                },
                (a, o) -> o.classicNextHop() && a.nextHop() instanceof NextHop.V4 ? 4 : -1,
                (a, o, out) -> out.writeInt(((NextHop.V4) a.nextHop()).address32()));
        define(MULTI_EXIT_DISC, "MULTI_EXIT_DISC", OPTIONAL_NON_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = fixed(len, 4);
                    if (e == null) {
                        st.builder.med(v.readUnsignedInt());
                    }
                    return e;
                },
                (a, o) -> a.hasMed() ? 4 : -1, (a, o, out) -> out.writeInt((int) a.med()));
        define(LOCAL_PREF, "LOCAL_PREF", WELL_KNOWN, ATTRIBUTE_LENGTH_ERROR, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = fixed(len, 4);
                    if (e == null) {
                        st.builder.localPref(v.readUnsignedInt());
                    }
                    return e;
                },
                (a, o) -> a.hasLocalPref() ? 4 : -1, (a, o, out) -> out.writeInt((int) a.localPref()));
        define(ATOMIC_AGGREGATE, "ATOMIC_AGGREGATE", WELL_KNOWN, ATTRIBUTE_LENGTH_ERROR, ATTRIBUTE_DISCARD,
                (v, len, st) -> {
                    String e = fixed(len, 0);
                    if (e == null) {
                        st.builder.atomicAggregate(true);
                    }
                    return e;
                },
                (a, o) -> a.atomicAggregate() ? 0 : -1, (a, o, out) -> { });
        define(AGGREGATOR, "AGGREGATOR", OPTIONAL_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, ATTRIBUTE_DISCARD,
                (v, len, st) -> {
                    String e = fixed(len, 4 + st.asnSize);
                    if (e == null) {
                        long asn = st.asnSize == 4 ? v.readUnsignedInt() : v.readUnsignedShort();
                        st.builder.aggregator(new Aggregator(asn, v.readInt()));
                    }
                    return e;
                },
                (a, o) -> a.aggregator() == null ? -1 : 4 + o.asnSize(),
                (a, o, out) -> {
                    long asn = a.aggregator().asn();
                    if (o.asnSize() == 4) {
                        out.writeInt((int) asn);
                    } else {
                        out.writeShort(asn > 0xFFFF ? AsPath.AS_TRANS : (int) asn);
                    }
                    out.writeInt(a.aggregator().address());
                });
        define(COMMUNITIES, "COMMUNITIES", OPTIONAL_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = multipleOf(len, 4);
                    if (e == null) {
                        st.builder.communities(readInts(v, len / 4));
                    }
                    return e;
                },
                (a, o) -> a.communityCount() == 0 ? -1 : 4 * a.communityCount(),
                (a, o, out) -> writeInts(a.rawCommunities(), out));
        define(ORIGINATOR_ID, "ORIGINATOR_ID", OPTIONAL_NON_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = fixed(len, 4);
                    if (e == null) {
                        st.builder.originatorId(v.readUnsignedInt());
                    }
                    return e;
                },
                (a, o) -> a.hasOriginatorId() ? 4 : -1, (a, o, out) -> out.writeInt((int) a.originatorId()));
        define(CLUSTER_LIST, "CLUSTER_LIST", OPTIONAL_NON_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = multipleOf(len, 4);
                    if (e == null) {
                        st.builder.clusterList(readInts(v, len / 4));
                    }
                    return e;
                },
                (a, o) -> a.clusterListLength() == 0 ? -1 : 4 * a.clusterListLength(),
                (a, o, out) -> writeInts(a.rawClusterList(), out));
        // MP attributes locate NLRI: if they cannot be parsed, neither can the UPDATE (RFC 7606 §5.3).
        define(MP_REACH_NLRI, "MP_REACH_NLRI", OPTIONAL_NON_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, SESSION_RESET,
                AttributeCodec::decodeMpReach, (a, o) -> -1, null);
        define(MP_UNREACH_NLRI, "MP_UNREACH_NLRI", OPTIONAL_NON_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, SESSION_RESET,
                AttributeCodec::decodeMpUnreach, (a, o) -> -1, null);
        define(AS4_PATH, "AS4_PATH", OPTIONAL_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, ATTRIBUTE_DISCARD,
                (v, len, st) -> {
                    AsPath p = AsPath.decode(v, len, 4);
                    if (p == null) {
                        return "bad segment type, count or length";
                    }
                    st.as4Path = p;
                    return null;
                },
                (a, o) -> o.asnSize() == 2 && a.asPath().hasFourOctetAsn() ? a.asPath().encodedLength(4) : -1,
                (a, o, out) -> a.asPath().encode(out, 4));
        define(AS4_AGGREGATOR, "AS4_AGGREGATOR", OPTIONAL_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, ATTRIBUTE_DISCARD,
                (v, len, st) -> {
                    String e = fixed(len, 8);
                    if (e == null) {
                        st.as4Aggregator = new Aggregator(v.readUnsignedInt(), v.readInt());
                    }
                    return e;
                },
                (a, o) -> o.asnSize() == 2 && a.aggregator() != null && a.aggregator().asn() > 0xFFFF ? 8 : -1,
                (a, o, out) -> {
                    out.writeInt((int) a.aggregator().asn());
                    out.writeInt(a.aggregator().address());
                });
        define(LARGE_COMMUNITIES, "LARGE_COMMUNITIES", OPTIONAL_TRANSITIVE, OPTIONAL_ATTRIBUTE_ERROR, TREAT_AS_WITHDRAW,
                (v, len, st) -> {
                    String e = multipleOf(len, 12);
                    if (e == null) {
                        st.builder.largeCommunities(readInts(v, len / 4));
                    }
                    return e;
                },
                (a, o) -> a.largeCommunityCount() == 0 ? -1 : 12 * a.largeCommunityCount(),
                (a, o, out) -> writeInts(a.rawLargeCommunities(), out));
    }

    /** The name of a type code, "attribute N" when unknown. */
    public static String name(int type) {
        Descriptor d = type >= 0 && type < 256 ? TABLE[type] : null;
        return d == null ? "attribute " + type : d.name();
    }

    private static String decodeMpReach(ByteBuf v, int len, DecodeState st) {
        if (len < 5) {
            return "length " + len + " too short";
        }
        AddressFamily family = AddressFamily.valueOf(v.readUnsignedShort(), v.readUnsignedByte());
        int nhLen = v.readUnsignedByte();
        if (5 + nhLen > len) {
            return "next hop length " + nhLen + " overruns the attribute";
        }
        if (!family.isSupported()) {
            st.ignoredFamilies.add(family);
            return null;
        }
        NextHop nh;
        if (family.isIpv4()) {
            if (nhLen != 4) {
                return "IPv4 next hop of length " + nhLen;
            }
            nh = new NextHop.V4(v.readInt());
        } else {
            if (nhLen != 16 && nhLen != 32) {
                return "IPv6 next hop of length " + nhLen;
            }
            long hi = v.readLong();
            long lo = v.readLong();
            nh = nhLen == 32 ? new NextHop.V6(hi, lo, v.readLong(), v.readLong()) : new NextHop.V6(hi, lo, 0, 0);
        }
        v.skipBytes(1); // reserved
        PrefixList.Builder nlri = PrefixList.builder(family);
        String e = NlriCodec.decode(v, len - 5 - nhLen, nlri);
        if (e != null) {
            return e;
        }
        st.mpReach = nlri.build();
        st.mpNextHop = nh;
        return null;
    }

    private static String decodeMpUnreach(ByteBuf v, int len, DecodeState st) {
        if (len < 3) {
            return "length " + len + " too short";
        }
        AddressFamily family = AddressFamily.valueOf(v.readUnsignedShort(), v.readUnsignedByte());
        if (!family.isSupported()) {
            st.ignoredFamilies.add(family);
            return null;
        }
        PrefixList.Builder withdrawn = PrefixList.builder(family);
        String e = NlriCodec.decode(v, len - 3, withdrawn);
        if (e == null) {
            st.mpUnreach = withdrawn.build();
        }
        return e;
    }

    /** Everything learnt from one UPDATE's attribute area. */
    public static final class DecodeState {
        final AttributeSet.Builder builder = AttributeSet.builder();
        final int asnSize;
        final List<AttributeError> errors = new ArrayList<>(0);
        final List<AddressFamily> ignoredFamilies = new ArrayList<>(0);
        private final BitSet seen = new BitSet(64);
        boolean hasOrigin;
        boolean hasAsPath;
        boolean hasNextHop;
        AsPath as4Path;
        Aggregator as4Aggregator;
        PrefixList mpReach;
        NextHop mpNextHop;
        PrefixList mpUnreach;

        public DecodeState(int asnSize) {
            this.asnSize = asnSize;
        }

        public List<AttributeError> errors() {
            return errors;
        }

        public boolean hasOrigin() {
            return hasOrigin;
        }

        public boolean hasAsPath() {
            return hasAsPath;
        }

        public boolean hasNextHop() {
            return hasNextHop;
        }

        /** NLRI of MP_REACH_NLRI, or null if absent. */
        public PrefixList mpReach() {
            return mpReach;
        }

        public NextHop mpNextHop() {
            return mpNextHop;
        }

        /** Withdrawn routes of MP_UNREACH_NLRI, or null if absent. */
        public PrefixList mpUnreach() {
            return mpUnreach;
        }

        public void error(int subcode, Verdict verdict, String reason) {
            errors.add(AttributeError.update(subcode, verdict, reason));
        }

        /** The attribute set (interned), AS4 information merged in. */
        public AttributeSet attributes() {
            if (asnSize == 2) {
                Aggregator agg = builder.aggregator();
                // RFC 6793 §4.2.3: an AGGREGATOR that is not AS_TRANS means AS4 info is stale.
                if (agg == null || agg.asn() == AsPath.AS_TRANS) {
                    if (as4Aggregator != null) {
                        builder.aggregator(as4Aggregator);
                    }
                    if (as4Path != null) {
                        builder.asPath(builder.asPath().mergeAs4Path(as4Path));
                    }
                }
            }
            return builder.build();
        }
    }

    /**
     * Decodes the attributes in {@code len} bytes at the reader index of {@code buf} into {@code st};
     * the reader index ends after them. Problems go to {@link DecodeState#errors()}.
     */
    public static void decode(ByteBuf buf, int len, DecodeState st) {
        int end = buf.readerIndex() + len;
        while (buf.readerIndex() < end) {
            int left = end - buf.readerIndex();
            int flags = buf.getUnsignedByte(buf.readerIndex());
            int headerLen = (flags & FLAG_EXTENDED_LENGTH) != 0 ? 4 : 3;
            if (left < headerLen) {
                // RFC 7606 §4: the attribute length cannot be determined.
                st.error(MALFORMED_ATTRIBUTE_LIST, TREAT_AS_WITHDRAW, "truncated attribute header");
                break;
            }
            buf.skipBytes(1);
            int type = buf.readUnsignedByte();
            int alen = headerLen == 4 ? buf.readUnsignedShort() : buf.readUnsignedByte();
            if (alen > end - buf.readerIndex()) {
                st.error(ATTRIBUTE_LENGTH_ERROR, TREAT_AS_WITHDRAW,
                        name(type) + " of length " + alen + " overruns the attribute area");
                break;
            }
            ByteBuf value = buf.readSlice(alen);
            Descriptor d = TABLE[type];
            if (d == null) {
                decodeUnknown(flags, type, value, st);
                continue;
            }
            if (st.seen.get(type)) {
                if (d.onError() == SESSION_RESET) {
                    st.error(MALFORMED_ATTRIBUTE_LIST, SESSION_RESET, "repeated " + d.name());
                } else {
                    st.error(MALFORMED_ATTRIBUTE_LIST, ATTRIBUTE_DISCARD, "repeated " + d.name() + " ignored");
                }
                continue;
            }
            st.seen.set(type);
            if ((flags & (FLAG_OPTIONAL | FLAG_TRANSITIVE)) != d.flags()) {
                st.error(ATTRIBUTE_FLAGS_ERROR, d.onError(),
                        d.name() + " with flags 0x" + Integer.toHexString(flags));
                continue;
            }
            String problem = d.decoder().decode(value, alen, st);
            if (problem != null) {
                st.error(d.errorSubcode(), d.onError(), d.name() + ": " + problem);
            }
        }
    }

    private static void decodeUnknown(int flags, int type, ByteBuf value, DecodeState st) {
        if ((flags & FLAG_OPTIONAL) == 0) {
            st.error(UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE, SESSION_RESET, "unrecognized well-known attribute " + type);
        } else if ((flags & FLAG_TRANSITIVE) != 0) {
            // We never recognise it, so whenever we pass it on it is "partial" (RFC 4271 §5).
            byte[] bytes = new byte[value.readableBytes()];
            value.readBytes(bytes);
            st.builder.addUnknown(new UnknownAttribute((flags | FLAG_PARTIAL) & ~FLAG_EXTENDED_LENGTH, type, bytes));
        }
        // Unknown optional non-transitive attributes are quietly ignored.
    }

    /** Octets the attributes of {@code a} take for this session (MP attributes excluded). */
    public static int encodedLength(AttributeSet a, EncodeOptions o) {
        int n = 0;
        for (Descriptor d : TABLE) {
            if (d != null) {
                int len = d.length().length(a, o);
                if (len >= 0) {
                    n += (len > 255 ? 4 : 3) + len;
                }
            }
        }
        for (UnknownAttribute u : a.unknown()) {
            n += (u.length() > 255 ? 4 : 3) + u.length();
        }
        return n;
    }

    /** Writes every attribute of {@code a} in type order (MP_REACH/MP_UNREACH are the caller's). */
    public static void encode(AttributeSet a, EncodeOptions o, ByteBuf out) {
        List<UnknownAttribute> unknown = a.unknown();
        int u = 0;
        for (Descriptor d : TABLE) {
            if (d == null) {
                continue;
            }
            while (u < unknown.size() && unknown.get(u).type() < d.type()) {
                writeUnknown(unknown.get(u++), out);
            }
            int len = d.length().length(a, o);
            if (len >= 0) {
                writeHeader(out, d.flags(), d.type(), len);
                d.writer().write(a, o, out);
            }
        }
        while (u < unknown.size()) {
            writeUnknown(unknown.get(u++), out);
        }
    }

    private static void writeUnknown(UnknownAttribute ua, ByteBuf out) {
        writeHeader(out, ua.flags(), ua.type(), ua.length());
        out.writeBytes(ua.rawValue());
    }

    /** Attribute header; the extended-length bit is set exactly when the value needs it. */
    public static void writeHeader(ByteBuf out, int flags, int type, int len) {
        if (len > 255) {
            out.writeByte((flags | FLAG_EXTENDED_LENGTH) & 0xFF);
            out.writeByte(type);
            out.writeShort(len);
        } else {
            out.writeByte(flags & ~FLAG_EXTENDED_LENGTH & 0xFF);
            out.writeByte(type);
            out.writeByte(len);
        }
    }
}
