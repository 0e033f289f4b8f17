package io.jcalico.bgp.codec.nlri;

import inet.ipaddr.IPAddress;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable list of prefixes of one family, stored flat in a {@code long[]}: one packed long per
 * IPv4 prefix ({@link Ipv4Prefixes}), three longs (high, low, length) per IPv6 prefix. This is what
 * the codec yields for NLRI and withdrawn routes and what the RIB consumes, without an object per
 * prefix.
 */
public final class PrefixList {
    private static final long[] NONE = new long[0];
    public static final PrefixList EMPTY_IPV4 = new PrefixList(AddressFamily.IPV4_UNICAST, NONE, 0);
    public static final PrefixList EMPTY_IPV6 = new PrefixList(AddressFamily.IPV6_UNICAST, NONE, 0);

    private final AddressFamily family;
    private final long[] data;
    private final int size;

    private PrefixList(AddressFamily family, long[] data, int size) {
        this.family = family;
        this.data = data;
        this.size = size;
    }

    public static PrefixList empty(AddressFamily family) {
        if (family.equals(AddressFamily.IPV4_UNICAST)) {
            return EMPTY_IPV4;
        }
        if (family.equals(AddressFamily.IPV6_UNICAST)) {
            return EMPTY_IPV6;
        }
        return new PrefixList(family, NONE, 0);
    }

    /** IPv4 unicast prefixes from packed keys (the array is copied). */
    public static PrefixList ipv4(long... packed) {
        return new PrefixList(AddressFamily.IPV4_UNICAST, packed.clone(), packed.length);
    }

    /**
     * IPv4 unicast prefixes in {@code packed}, which the list takes over without a copy: the caller
     * must not touch the array again.
     */
    public static PrefixList ipv4Owning(long[] packed) {
        return new PrefixList(AddressFamily.IPV4_UNICAST, packed, packed.length);
    }

    /** Wraps packed IPv4 keys {@code [from, to)} of a working array (copied). */
    public static PrefixList ipv4(long[] packed, int from, int to) {
        return new PrefixList(AddressFamily.IPV4_UNICAST, Arrays.copyOfRange(packed, from, to), to - from);
    }

    public static PrefixList ipv6(Collection<Ipv6Prefix> prefixes) {
        Builder b = builder(AddressFamily.IPV6_UNICAST);
        prefixes.forEach(b::addIpv6);
        return b.build();
    }

    /** Prefixes of either family from inet.ipaddr values (all of the given family). */
    public static PrefixList of(AddressFamily family, List<IPAddress> prefixes) {
        Builder b = builder(family);
        for (IPAddress p : prefixes) {
            b.add(p);
        }
        return b.build();
    }

    public static Builder builder(AddressFamily family) {
        return new Builder(family);
    }

    public AddressFamily family() {
        return family;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    private boolean v4() {
        return family.afi() == AddressFamily.AFI_IPV4;
    }

    /** The packed IPv4 key of entry {@code i}. */
    public long ipv4(int i) {
        return data[i];
    }

    public long hi(int i) {
        return v4() ? (data[i] >>> 8) << 32 : data[3 * i];
    }

    public long lo(int i) {
        return v4() ? 0 : data[3 * i + 1];
    }

    public int length(int i) {
        return v4() ? Ipv4Prefixes.length(data[i]) : (int) data[3 * i + 2];
    }

    public Ipv6Prefix ipv6(int i) {
        return new Ipv6Prefix(data[3 * i], data[3 * i + 1], (int) data[3 * i + 2]);
    }

    public IPAddress toIpAddress(int i) {
        return v4() ? Ipv4Prefixes.toIpAddress(data[i]) : ipv6(i).toIpAddress();
    }

    /** Entries {@code [from, to)} as a new list. */
    public PrefixList subList(int from, int to) {
        int stride = v4() ? 1 : 3;
        return new PrefixList(family, Arrays.copyOfRange(data, from * stride, to * stride), to - from);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrefixList other && other.family.equals(family) && other.size == size
                && Arrays.equals(data, 0, size * (v4() ? 1 : 3), other.data, 0, size * (v4() ? 1 : 3));
    }

    @Override
    public int hashCode() {
        int h = family.hashCode();
        for (int i = 0; i < size * (v4() ? 1 : 3); i++) {
            h = 31 * h + Long.hashCode(data[i]);
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            if (i == 8 && size > 10) {
                sb.append("... ").append(size - 8).append(" more");
                break;
            }
            sb.append(toIpAddress(i).toCanonicalString());
        }
        return sb.append(']').toString();
    }

    /** Collects prefixes of one family into a growing flat array. */
    public static final class Builder {
        private final AddressFamily family;
        private long[] data = new long[16];
        private int size;

        private Builder(AddressFamily family) {
            this.family = family;
        }

        public AddressFamily family() {
            return family;
        }

        public int size() {
            return size;
        }

        private void ensure(int more) {
            if (data.length < more) {
                data = Arrays.copyOf(data, Math.max(more, data.length * 2));
            }
        }

        /** Makes room for {@code count} more prefixes at once (a decoder that counted them first). */
        public Builder expect(int count) {
            int stride = family.isIpv4() ? 1 : 3;
            if (size == 0 && count > 0) {
                data = new long[count * stride]; // exact: build() hands it over without a copy
            } else {
                ensure((size + count) * stride);
            }
            return this;
        }

        public Builder addIpv4(long packed) {
            ensure(size + 1);
            data[size++] = packed;
            return this;
        }

        public Builder addIpv6(long hi, long lo, int length) {
            Ipv6Prefix p = new Ipv6Prefix(hi, lo, length);
            ensure(3 * size + 3);
            data[3 * size] = p.hi();
            data[3 * size + 1] = p.lo();
            data[3 * size + 2] = length;
            size++;
            return this;
        }

        public Builder addIpv6(Ipv6Prefix p) {
            return addIpv6(p.hi(), p.lo(), p.length());
        }

        /** Adds prefix {@code i} of another list of the same family. */
        public Builder addFrom(PrefixList list, int i) {
            return family.isIpv4() ? addIpv4(list.ipv4(i)) : addIpv6(list.hi(i), list.lo(i), list.length(i));
        }

        public Builder add(IPAddress prefix) {
            return family.isIpv4() ? addIpv4(Ipv4Prefixes.of(prefix)) : addIpv6(Ipv6Prefix.of(prefix));
        }

        public PrefixList build() {
            if (size == 0) {
                return PrefixList.empty(family);
            }
            int stride = family.isIpv4() ? 1 : 3;
            if (data.length == size * stride) {
                PrefixList list = new PrefixList(family, data, size);
                data = new long[16]; // the list owns the array now
                size = 0;
                return list;
            }
            return new PrefixList(family, Arrays.copyOf(data, size * stride), size);
        }
    }
}
