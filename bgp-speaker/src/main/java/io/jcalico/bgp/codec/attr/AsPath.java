package io.jcalico.bgp.codec.attr;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An AS_PATH with 4-octet ASNs, kept flat as {@code [type, count, asn...]*}. Segments hold at most
 * 255 ASNs so every value here encodes as is.
 */
public final class AsPath {
    public static final int AS_SET = 1;
    public static final int AS_SEQUENCE = 2;
    public static final int AS_CONFED_SEQUENCE = 3;
    public static final int AS_CONFED_SET = 4;
    /** Stands in for a 4-octet ASN towards a 2-octet speaker (RFC 6793). */
    public static final int AS_TRANS = 23456;

    public static final AsPath EMPTY = new AsPath(new int[0]);

    private final int[] data;
    private final int hash;

    private AsPath(int[] data) {
        this.data = data;
        this.hash = Arrays.hashCode(data);
    }

    /** One segment of a path, for presentation and tests. */
    public record Segment(int type, List<Long> asns) {
    }

    public static AsPath sequence(long... asns) {
        Builder b = new Builder();
        for (long asn : asns) {
            b.append(AS_SEQUENCE, (int) asn);
        }
        return b.build();
    }

    public static AsPath of(List<Segment> segments) {
        Builder b = new Builder();
        for (Segment s : segments) {
            b.startSegment(s.type());
            s.asns().forEach(a -> b.append(s.type(), a.intValue()));
        }
        return b.build();
    }

    public List<Segment> segments() {
        List<Segment> out = new ArrayList<>();
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            List<Long> asns = new ArrayList<>();
            for (int k = 0; k < data[i + 1]; k++) {
                asns.add(data[i + 2 + k] & 0xFFFFFFFFL);
            }
            out.add(new Segment(data[i], asns));
        }
        return out;
    }

    public boolean isEmpty() {
        return data.length == 0;
    }

    /** Path length for best-path selection: a set counts one, confederation segments nothing. */
    public int length() {
        int n = 0;
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            n += switch (data[i]) {
                case AS_SEQUENCE -> data[i + 1];
                case AS_SET -> 1;
                default -> 0;
            };
        }
        return n;
    }

    /** How many times the ASN appears, in any segment. */
    public int count(long asn) {
        int n = 0;
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            for (int k = 0; k < data[i + 1]; k++) {
                if (data[i + 2 + k] == (int) asn) {
                    n++;
                }
            }
        }
        return n;
    }

    public boolean contains(long asn) {
        return count(asn) > 0;
    }

    /** The neighbouring AS: first ASN of a leading AS_SEQUENCE, else 0. */
    public long firstAs() {
        return data.length > 0 && data[0] == AS_SEQUENCE ? data[2] & 0xFFFFFFFFL : 0;
    }

    /** The originating AS: last ASN of a trailing AS_SEQUENCE, else 0. */
    public long originAs() {
        long origin = 0;
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            origin = data[i] == AS_SEQUENCE ? data[i + 1 + data[i + 1]] & 0xFFFFFFFFL : 0;
        }
        return origin;
    }

    /** Every ASN in order (sets flattened), as the API shows a path. */
    public long[] flatten() {
        long[] out = new long[data.length];
        int n = 0;
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            for (int k = 0; k < data[i + 1]; k++) {
                out[n++] = data[i + 2 + k] & 0xFFFFFFFFL;
            }
        }
        return Arrays.copyOf(out, n);
    }

    public boolean hasFourOctetAsn() {
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            for (int k = 0; k < data[i + 1]; k++) {
                if ((data[i + 2 + k] & 0xFFFFFFFFL) > 0xFFFF) {
                    return true;
                }
            }
        }
        return false;
    }

    /** This path with {@code asn} prepended to the leading AS_SEQUENCE (a new one if needed). */
    public AsPath prepend(long asn) {
        if (data.length > 0 && data[0] == AS_SEQUENCE && data[1] < 255) {
            int[] d = new int[data.length + 1];
            d[0] = AS_SEQUENCE;
            d[1] = data[1] + 1;
            d[2] = (int) asn;
            System.arraycopy(data, 2, d, 3, data.length - 2);
            return new AsPath(d);
        }
        int[] d = new int[data.length + 3];
        d[0] = AS_SEQUENCE;
        d[1] = 1;
        d[2] = (int) asn;
        System.arraycopy(data, 0, d, 3, data.length);
        return new AsPath(d);
    }

    /** The path without confederation segments (what leaves a confederation). */
    public AsPath withoutConfederationSegments() {
        Builder b = new Builder();
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            if (data[i] == AS_SET || data[i] == AS_SEQUENCE) {
                b.startSegment(data[i]);
                for (int k = 0; k < data[i + 1]; k++) {
                    b.append(data[i], data[i + 2 + k]);
                }
            }
        }
        return b.build();
    }

    /**
     * RFC 6793 §4.2.3: the leading {@code length() - as4.length()} ASNs of this (2-octet) path,
     * followed by AS4_PATH. Returns this path if AS4_PATH is longer.
     */
    public AsPath mergeAs4Path(AsPath as4) {
        int keep = length() - as4.length();
        if (keep < 0) {
            return this;
        }
        Builder b = new Builder();
        for (int i = 0; i < data.length && keep > 0; i += 2 + data[i + 1]) {
            int type = data[i];
            b.startSegment(type);
            if (type == AS_SEQUENCE) {
                for (int k = 0; k < data[i + 1] && keep > 0; k++, keep--) {
                    b.append(type, data[i + 2 + k]);
                }
            } else {
                for (int k = 0; k < data[i + 1]; k++) {
                    b.append(type, data[i + 2 + k]);
                }
                keep -= type == AS_SET ? 1 : 0;
            }
        }
        for (int i = 0; i < as4.data.length; i += 2 + as4.data[i + 1]) {
            b.startSegment(as4.data[i]);
            for (int k = 0; k < as4.data[i + 1]; k++) {
                b.append(as4.data[i], as4.data[i + 2 + k]);
            }
        }
        return b.build();
    }

    /** Octets of the attribute value with 2- or 4-octet ASNs. */
    public int encodedLength(int asnSize) {
        int n = 0;
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            n += 2 + asnSize * data[i + 1];
        }
        return n;
    }

    /** Writes the value; with 2-octet ASNs, those above 65535 become AS_TRANS. */
    public void encode(ByteBuf out, int asnSize) {
        for (int i = 0; i < data.length; i += 2 + data[i + 1]) {
            out.writeByte(data[i]);
            out.writeByte(data[i + 1]);
            for (int k = 0; k < data[i + 1]; k++) {
                int asn = data[i + 2 + k];
                if (asnSize == 4) {
                    out.writeInt(asn);
                } else {
                    out.writeShort((asn & 0xFFFFFFFFL) > 0xFFFF ? AS_TRANS : asn);
                }
            }
        }
    }

    /** Parses {@code len} bytes at the reader index; null if malformed (RFC 7606 §7.2). */
    public static AsPath decode(ByteBuf buf, int len, int asnSize) {
        int end = buf.readerIndex() + len;
        Builder b = new Builder();
        while (buf.readerIndex() < end) {
            if (end - buf.readerIndex() < 2) {
                return null;
            }
            int type = buf.readUnsignedByte();
            int count = buf.readUnsignedByte();
            if (type < AS_SET || type > AS_CONFED_SET || count == 0
                    || buf.readerIndex() + count * asnSize > end) {
                return null;
            }
            b.startSegment(type);
            for (int k = 0; k < count; k++) {
                b.append(type, asnSize == 4 ? buf.readInt() : buf.readUnsignedShort());
            }
        }
        return b.build();
    }

    /** Parses "65001 65002 {65003 65004}" (sets in braces). */
    public static AsPath parse(String text) {
        Builder b = new Builder();
        boolean inSet = false;
        for (String tok : text.replace("{", " { ").replace("}", " } ").trim().split("\\s+")) {
            if (tok.isEmpty()) {
                continue;
            }
            if (tok.equals("{")) {
                inSet = true;
                b.startSegment(AS_SET);
            } else if (tok.equals("}")) {
                inSet = false;
                b.startSegment(AS_SEQUENCE);
            } else {
                b.append(inSet ? AS_SET : AS_SEQUENCE, (int) Long.parseLong(tok));
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AsPath other && other.hash == hash && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Segment s : segments()) {
            String open = s.type() == AS_SET ? "{" : s.type() == AS_CONFED_SEQUENCE ? "(" : s.type() == AS_CONFED_SET ? "[" : "";
            String close = s.type() == AS_SET ? "}" : s.type() == AS_CONFED_SEQUENCE ? ")" : s.type() == AS_CONFED_SET ? "]" : "";
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(open);
            for (int i = 0; i < s.asns().size(); i++) {
                sb.append(i > 0 ? " " : "").append(s.asns().get(i));
            }
            sb.append(close);
        }
        return sb.toString();
    }

    /** Appends ASNs, opening a new segment when the type changes or 255 is reached. */
    static final class Builder {
        private int[] d = new int[8];
        private int n;
        private int segStart = -1;
        private boolean forceNew;

        void startSegment(int type) {
            forceNew = true;
        }

        void append(int type, int asn) {
            if (segStart < 0 || forceNew || d[segStart] != type || d[segStart + 1] == 255) {
                grow(2);
                segStart = n;
                d[n++] = type;
                d[n++] = 0;
                forceNew = false;
            }
            grow(1);
            d[n++] = asn;
            d[segStart + 1]++;
        }

        private void grow(int k) {
            if (n + k > d.length) {
                d = Arrays.copyOf(d, Math.max(n + k, d.length * 2));
            }
        }

        AsPath build() {
            return n == 0 ? EMPTY : new AsPath(Arrays.copyOf(d, n));
        }
    }
}
