package io.jcalico.bgp.codec.attr;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The path attributes of a route, immutable and interned: {@link Builder#build()} returns the one
 * shared instance per distinct set (a weak interner, so unused sets go away), so tables hold one
 * object per set and compare sets by identity. AS numbers are always 4-octet here; AS4_PATH and
 * AS4_AGGREGATOR exist only on the wire. MP_REACH/MP_UNREACH are not attributes of a route: the
 * next hop they carry is {@link #nextHop()}.
 */
public final class AttributeSet {
    public static final int ORIGIN_IGP = 0;
    public static final int ORIGIN_EGP = 1;
    public static final int ORIGIN_INCOMPLETE = 2;
    /** Marks an absent MED, LOCAL_PREF or ORIGINATOR_ID. */
    public static final long ABSENT = -1;

    private static final Interner<AttributeSet> INTERNER = Interners.newWeakInterner();
    private static final int[] NO_INTS = new int[0];

    private final int origin;
    private final AsPath asPath;
    private final NextHop nextHop;
    private final long med;
    private final long localPref;
    private final boolean atomicAggregate;
    private final Aggregator aggregator;
    private final int[] communities;
    private final int[] largeCommunities;
    private final long originatorId;
    private final int[] clusterList;
    private final List<UnknownAttribute> unknown;
    private final int hash;

    private AttributeSet(Builder b) {
        origin = b.origin;
        asPath = b.asPath;
        nextHop = b.nextHop;
        med = b.med;
        localPref = b.localPref;
        atomicAggregate = b.atomicAggregate;
        aggregator = b.aggregator;
        communities = b.communities;
        largeCommunities = b.largeCommunities;
        originatorId = b.originatorId;
        clusterList = b.clusterList;
        // Sorted by type so the encoder can merge them into type order.
        unknown = b.unknown.stream().sorted(Comparator.comparingInt(UnknownAttribute::type)).toList();
        int h = Objects.hash(origin, asPath, nextHop, med, localPref, atomicAggregate, aggregator, originatorId, unknown);
        h = 31 * h + Arrays.hashCode(communities);
        h = 31 * h + Arrays.hashCode(largeCommunities);
        hash = 31 * h + Arrays.hashCode(clusterList);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public int origin() {
        return origin;
    }

    public AsPath asPath() {
        return asPath;
    }

    /** Null if the set carries no next hop (e.g. a locally originated route before export). */
    public NextHop nextHop() {
        return nextHop;
    }

    public boolean hasMed() {
        return med != ABSENT;
    }

    /** MED, or {@link #ABSENT}. */
    public long med() {
        return med;
    }

    public boolean hasLocalPref() {
        return localPref != ABSENT;
    }

    /** LOCAL_PREF, or {@link #ABSENT}. */
    public long localPref() {
        return localPref;
    }

    public boolean atomicAggregate() {
        return atomicAggregate;
    }

    public Aggregator aggregator() {
        return aggregator;
    }

    public int[] communities() {
        return communities.clone();
    }

    public int communityCount() {
        return communities.length;
    }

    public boolean hasCommunity(int community) {
        for (int c : communities) {
            if (c == community) {
                return true;
            }
        }
        return false;
    }

    /** Flat triples: global administrator, local data 1, local data 2. */
    public int[] largeCommunities() {
        return largeCommunities.clone();
    }

    public int largeCommunityCount() {
        return largeCommunities.length / 3;
    }

    public boolean hasLargeCommunity(int global, int local1, int local2) {
        for (int i = 0; i < largeCommunities.length; i += 3) {
            if (largeCommunities[i] == global && largeCommunities[i + 1] == local1 && largeCommunities[i + 2] == local2) {
                return true;
            }
        }
        return false;
    }

    public boolean hasOriginatorId() {
        return originatorId != ABSENT;
    }

    /** ORIGINATOR_ID as an unsigned 32-bit value, or {@link #ABSENT}. */
    public long originatorId() {
        return originatorId;
    }

    public int[] clusterList() {
        return clusterList.clone();
    }

    public int clusterListLength() {
        return clusterList.length;
    }

    public boolean clusterListContains(int clusterId) {
        for (int c : clusterList) {
            if (c == clusterId) {
                return true;
            }
        }
        return false;
    }

    public List<UnknownAttribute> unknown() {
        return unknown;
    }

    // Package-private raw views for the encoder (no copies on the hot path).
    int[] rawCommunities() {
        return communities;
    }

    int[] rawLargeCommunities() {
        return largeCommunities;
    }

    int[] rawClusterList() {
        return clusterList;
    }

    public AttributeSet withNextHop(NextHop nh) {
        return Objects.equals(nh, nextHop) ? this : toBuilder().nextHop(nh).build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        return o instanceof AttributeSet a && a.hash == hash && a.origin == origin && a.med == med
                && a.localPref == localPref && a.atomicAggregate == atomicAggregate && a.originatorId == originatorId
                && a.asPath.equals(asPath) && Objects.equals(a.nextHop, nextHop)
                && Objects.equals(a.aggregator, aggregator) && Arrays.equals(a.communities, communities)
                && Arrays.equals(a.largeCommunities, largeCommunities) && Arrays.equals(a.clusterList, clusterList)
                && a.unknown.equals(unknown);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("{origin ").append(switch (origin) {
            case ORIGIN_IGP -> "igp";
            case ORIGIN_EGP -> "egp";
            default -> "incomplete";
        });
        sb.append(", as-path [").append(asPath).append(']');
        if (nextHop != null) {
            sb.append(", next-hop ").append(nextHop);
        }
        if (hasMed()) {
            sb.append(", med ").append(med);
        }
        if (hasLocalPref()) {
            sb.append(", local-pref ").append(localPref);
        }
        if (atomicAggregate) {
            sb.append(", atomic-aggregate");
        }
        if (aggregator != null) {
            sb.append(", aggregator ").append(aggregator);
        }
        if (communities.length > 0) {
            List<String> cs = new ArrayList<>();
            for (int c : communities) {
                cs.add(Communities.format(c));
            }
            sb.append(", communities ").append(cs);
        }
        if (largeCommunities.length > 0) {
            List<String> cs = new ArrayList<>();
            for (int i = 0; i < largeCommunityCount(); i++) {
                cs.add(Communities.formatLarge(largeCommunities, i));
            }
            sb.append(", large-communities ").append(cs);
        }
        if (hasOriginatorId()) {
            sb.append(", originator-id ").append(new inet.ipaddr.ipv4.IPv4Address((int) originatorId));
        }
        if (clusterList.length > 0) {
            sb.append(", cluster-list ").append(clusterList.length);
        }
        if (!unknown.isEmpty()) {
            sb.append(", ").append(unknown);
        }
        return sb.append('}').toString();
    }

    /** Mutable staging for a set; {@link #build()} interns. */
    public static final class Builder {
        private int origin = ORIGIN_INCOMPLETE;
        private AsPath asPath = AsPath.EMPTY;
        private NextHop nextHop;
        private long med = ABSENT;
        private long localPref = ABSENT;
        private boolean atomicAggregate;
        private Aggregator aggregator;
        private int[] communities = NO_INTS;
        private int[] largeCommunities = NO_INTS;
        private long originatorId = ABSENT;
        private int[] clusterList = NO_INTS;
        private List<UnknownAttribute> unknown = new ArrayList<>(0);

        private Builder() {
        }

        private Builder(AttributeSet a) {
            origin = a.origin;
            asPath = a.asPath;
            nextHop = a.nextHop;
            med = a.med;
            localPref = a.localPref;
            atomicAggregate = a.atomicAggregate;
            aggregator = a.aggregator;
            communities = a.communities;
            largeCommunities = a.largeCommunities;
            originatorId = a.originatorId;
            clusterList = a.clusterList;
            unknown = new ArrayList<>(a.unknown);
        }

        public Builder origin(int value) {
            if (value < 0 || value > 2) {
                throw new IllegalArgumentException("ORIGIN " + value);
            }
            origin = value;
            return this;
        }

        public Builder asPath(AsPath value) {
            asPath = Objects.requireNonNull(value);
            return this;
        }

        public AsPath asPath() {
            return asPath;
        }

        public Builder nextHop(NextHop value) {
            nextHop = value;
            return this;
        }

        public Builder med(long value) {
            med = checkU32(value);
            return this;
        }

        public Builder localPref(long value) {
            localPref = checkU32(value);
            return this;
        }

        public Builder atomicAggregate(boolean value) {
            atomicAggregate = value;
            return this;
        }

        public Builder aggregator(Aggregator value) {
            aggregator = value;
            return this;
        }

        public Aggregator aggregator() {
            return aggregator;
        }

        public Builder communities(int... values) {
            communities = values.length == 0 ? NO_INTS : values.clone();
            return this;
        }

        public int[] communities() {
            return communities.clone();
        }

        public Builder largeCommunities(int... triples) {
            if (triples.length % 3 != 0) {
                throw new IllegalArgumentException("large communities come in triples");
            }
            largeCommunities = triples.length == 0 ? NO_INTS : triples.clone();
            return this;
        }

        public int[] largeCommunities() {
            return largeCommunities.clone();
        }

        public Builder originatorId(long value) {
            originatorId = checkU32(value);
            return this;
        }

        public Builder clusterList(int... values) {
            clusterList = values.length == 0 ? NO_INTS : values.clone();
            return this;
        }

        public Builder unknown(List<UnknownAttribute> values) {
            unknown = new ArrayList<>(values);
            return this;
        }

        Builder addUnknown(UnknownAttribute value) {
            unknown.add(value);
            return this;
        }

        private static long checkU32(long value) {
            if (value != ABSENT && (value < 0 || value > 0xFFFFFFFFL)) {
                throw new IllegalArgumentException("not an unsigned 32-bit value: " + value);
            }
            return value;
        }

        public AttributeSet build() {
            return INTERNER.intern(new AttributeSet(this));
        }
    }
}
