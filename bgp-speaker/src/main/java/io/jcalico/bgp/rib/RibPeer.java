package io.jcalico.bgp.rib;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.policy.Policy;
import it.unimi.dsi.fastutil.objects.Reference2ObjectOpenHashMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A neighbour as the RIB sees it (BIRD's channel): its role, policies, next-hop rules, the session
 * facts it learnt when the session came up, counters, and one Adj-RIB-Out per family. The RIB
 * never sees the peer's connection, only its {@link RibSink}.
 */
public final class RibPeer {
    public enum Kind { LOCAL, INTERNAL, EXTERNAL }

    /**
     * Per-neighbour routing configuration.
     *
     * @param nextHopV4 next hop to announce for IPv4 instead of the session's local address (or null)
     * @param nextHopV6 the same for IPv6 (needed when the session runs over IPv4)
     * @param maxPrefixes accepted prefixes above which the session is reset (0: no limit)
     * @param localAs the AS we are towards this peer (0: the RIB's)
     * @param allowLocalAs times our AS may appear in a received AS_PATH (allowas-in; 0: loop at once)
     * @param nextHopSelf towards an iBGP peer, announce ourselves as next hop also for routes learnt from
     *     others (BIRD {@code next hop self}); towards an eBGP peer we are the next hop anyway
     * @param nextHopKeep towards an eBGP peer, pass on the next hop a route came with instead of ourselves
     *     (BIRD {@code next hop keep}); routes we originate without a next hop still get ours
     */
    public record Config(IPAddress address, long asn, boolean routeReflectorClient, boolean nextHopSelf,
                         Policy importPolicy, Policy exportPolicy, NextHop nextHopV4, NextHop nextHopV6,
                         int maxPrefixes, long localAs, int allowLocalAs, boolean nextHopKeep) {
        public Config {
            Objects.requireNonNull(address);
            if (nextHopSelf && nextHopKeep) {
                throw new IllegalArgumentException("next hop self and next hop keep exclude each other");
            }
            importPolicy = importPolicy == null ? Policy.ACCEPT_ALL : importPolicy;
            exportPolicy = exportPolicy == null ? Policy.ACCEPT_ALL : exportPolicy;
            if (allowLocalAs < 0) {
                throw new IllegalArgumentException("allowLocalAs must not be negative: " + allowLocalAs);
            }
        }

        /** As the RIB's AS, our AS a loop at once. */
        public Config(IPAddress address, long asn, boolean routeReflectorClient, boolean nextHopSelf,
                      Policy importPolicy, Policy exportPolicy, NextHop nextHopV4, NextHop nextHopV6,
                      int maxPrefixes) {
            this(address, asn, routeReflectorClient, nextHopSelf, importPolicy, exportPolicy, nextHopV4, nextHopV6,
                    maxPrefixes, 0, 0, false);
        }

        /** With the next hop rules of BIRD's defaults (no {@code next hop keep}). */
        public Config(IPAddress address, long asn, boolean routeReflectorClient, boolean nextHopSelf,
                      Policy importPolicy, Policy exportPolicy, NextHop nextHopV4, NextHop nextHopV6,
                      int maxPrefixes, long localAs, int allowLocalAs) {
            this(address, asn, routeReflectorClient, nextHopSelf, importPolicy, exportPolicy, nextHopV4, nextHopV6,
                    maxPrefixes, localAs, allowLocalAs, false);
        }

        /** The same with {@code next hop keep} on or off. */
        public Config withNextHopKeep(boolean keep) {
            return new Config(address, asn, routeReflectorClient, nextHopSelf, importPolicy, exportPolicy, nextHopV4,
                    nextHopV6, maxPrefixes, localAs, allowLocalAs, keep);
        }
    }

    /** Prefix counters of one family. */
    public static final class Counters {
        long received;
        long accepted;
        long stale;

        public long received() {
            return received;
        }

        public long accepted() {
            return accepted;
        }

        /** Routes kept from before the peer's restart (or refresh), not yet sent again. */
        public long stale() {
            return stale;
        }
    }

    private final Config config;
    private final Kind kind;
    /** The AS we are towards this peer. */
    private final long localAs;
    // session facts
    boolean up;
    int routerId;
    Set<AddressFamily> families = Set.of();
    /** Per Loc-RIB table ({@link Rib#index}): the session carries the family (the hot path's test). */
    final boolean[] carries = new boolean[2];
    RibSink sink;
    NextHop localV4;
    NextHop localV6;
    // state
    final Map<AddressFamily, Counters> counters = new HashMap<>();
    /** One Adj-RIB-Out per Loc-RIB table ({@link Rib#index}), null until used. */
    final AdjRibOut[] outs = new AdjRibOut[2];
    /** Import memo: received attribute set → path (valid while the import policy ignores prefixes). */
    final Reference2ObjectOpenHashMap<AttributeSet, Path> importMemo = new Reference2ObjectOpenHashMap<>();

    RibPeer(Config config, Kind kind, long localAs) {
        this.config = config;
        this.kind = kind;
        this.localAs = localAs;
    }

    /** The AS we are towards this peer: prepended when exporting to it, checked for loops from it. */
    public long localAs() {
        return localAs;
    }

    public Config config() {
        return config;
    }

    public Kind kind() {
        return kind;
    }

    public IPAddress address() {
        return config.address();
    }

    public long asn() {
        return config.asn();
    }

    public boolean isUp() {
        return up;
    }

    public int routerId() {
        return routerId;
    }

    public Counters counters(AddressFamily family) {
        return counters.computeIfAbsent(family, f -> new Counters());
    }

    /** Prefixes in this peer's Adj-RIB-Out of a family. */
    public long advertised(AddressFamily family) {
        int i = Rib.index(family);
        AdjRibOut o = i < 0 ? null : outs[i];
        return o == null ? 0 : o.size();
    }

    long acceptedTotal() {
        long n = 0;
        for (Counters c : counters.values()) {
            n += c.accepted;
        }
        return n;
    }

    AdjRibOut out(int table) {
        if (outs[table] == null) {
            outs[table] = new AdjRibOut(table == 0);
        }
        return outs[table];
    }

    /** The next hop this peer is given for routes of {@code family} when we are the next hop. */
    NextHop selfNextHop(AddressFamily family) {
        if (family.isIpv4()) {
            return config.nextHopV4() != null ? config.nextHopV4() : localV4;
        }
        return config.nextHopV6() != null ? config.nextHopV6() : localV6;
    }

    @Override
    public String toString() {
        return kind == Kind.LOCAL ? "local" : config.address().toCanonicalString();
    }

}
