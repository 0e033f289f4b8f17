package io.jcalico.bgp.policy;

import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeSet;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

/**
 * One policy term: conditions (all must hold; absent ones hold) and what to do on a match.
 *
 * @param prefixes the route must match one of these (empty: any route)
 * @param asPathRegex matched with find() against the path as text, e.g. "^65001 " or "65002$"
 * @param community a standard community the route must carry, or null
 * @param largeCommunity a large community (3 ints) the route must carry, or null
 * @param accept true accepts, false rejects; null goes on with the next statement after applying
 *     the set actions
 * @param setLocalPref value or -1, @param setMed value or -1
 * @param addCommunities appended, @param removeCommunities removed, @param prepend times to prepend
 *     {@code prependAs}
 * @param outsidePrefixes the prefix condition is inverted: the route must match none of {@code prefixes}
 *     (Calico BGPFilter's NotIn/NotEqual)
 * @param learnedOnly the route must have been learned from a peer, not originated here (Calico
 *     BGPFilter's {@code source: RemotePeers})
 */
public record Statement(List<PrefixMatch> prefixes, Pattern asPathRegex, Integer community, int[] largeCommunity,
                        Boolean accept, long setLocalPref, long setMed, int[] addCommunities,
                        int[] removeCommunities, int prepend, long prependAs, boolean outsidePrefixes,
                        boolean learnedOnly) {

    public Statement {
        prefixes = List.copyOf(prefixes);
        addCommunities = addCommunities == null ? new int[0] : addCommunities.clone();
        removeCommunities = removeCommunities == null ? new int[0] : removeCommunities.clone();
        if (outsidePrefixes && prefixes.isEmpty()) {
            throw new IllegalArgumentException("outsidePrefixes needs prefixes");
        }
    }

    /** A statement whose prefix condition is "inside one of these", for routes of any source. */
    public Statement(List<PrefixMatch> prefixes, Pattern asPathRegex, Integer community, int[] largeCommunity,
                     Boolean accept, long setLocalPref, long setMed, int[] addCommunities, int[] removeCommunities,
                     int prepend, long prependAs) {
        this(prefixes, asPathRegex, community, largeCommunity, accept, setLocalPref, setMed, addCommunities,
                removeCommunities, prepend, prependAs, false, false);
    }

    /** A filter term: accept or reject routes inside (or outside) {@code prefixes}, and nothing else. */
    public static Statement verdict(List<PrefixMatch> prefixes, boolean outside, boolean learnedOnly, boolean accept) {
        return new Statement(prefixes, null, null, null, accept, -1, -1, null, null, 0, 0, outside, learnedOnly);
    }

    /** Memo of the set actions: the same input set always yields the same (interned) output. */
    private static final Map<Statement, Map<AttributeSet, AttributeSet>> MEMO = new WeakHashMap<>();

    boolean dependsOnPrefix() {
        return !prefixes.isEmpty();
    }

    boolean matches(boolean ipv4, long hi, long lo, int length, AttributeSet a, boolean learned) {
        if (learnedOnly && !learned) {
            return false;
        }
        if (!prefixes.isEmpty()
                && prefixes.stream().noneMatch(p -> p.matches(ipv4, hi, lo, length)) != outsidePrefixes) {
            return false;
        }
        if (asPathRegex != null && !asPathRegex.matcher(a.asPath().toString()).find()) {
            return false;
        }
        if (community != null && !a.hasCommunity(community)) {
            return false;
        }
        return largeCommunity == null || a.hasLargeCommunity(largeCommunity[0], largeCommunity[1], largeCommunity[2]);
    }

    boolean modifies() {
        return setLocalPref >= 0 || setMed >= 0 || addCommunities.length > 0 || removeCommunities.length > 0 || prepend > 0;
    }

    AttributeSet apply(AttributeSet a) {
        if (!modifies()) {
            return a;
        }
        Map<AttributeSet, AttributeSet> memo;
        synchronized (MEMO) {
            memo = MEMO.computeIfAbsent(this, k -> new WeakHashMap<>());
        }
        synchronized (memo) {
            return memo.computeIfAbsent(a, this::compute);
        }
    }

    private AttributeSet compute(AttributeSet a) {
        AttributeSet.Builder b = a.toBuilder();
        if (setLocalPref >= 0) {
            b.localPref(setLocalPref);
        }
        if (setMed >= 0) {
            b.med(setMed);
        }
        if (addCommunities.length > 0 || removeCommunities.length > 0) {
            java.util.LinkedHashSet<Integer> cs = new java.util.LinkedHashSet<>();
            for (int c : a.communities()) {
                cs.add(c);
            }
            for (int c : removeCommunities) {
                cs.remove(c);
            }
            for (int c : addCommunities) {
                cs.add(c);
            }
            b.communities(cs.stream().mapToInt(Integer::intValue).toArray());
        }
        AsPath path = a.asPath();
        for (int i = 0; i < prepend; i++) {
            path = path.prepend(prependAs);
        }
        return b.asPath(path).build();
    }

    // Identity semantics: statements are configuration objects (arrays make value equality moot).
    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
