package io.jcalico.bgp.rib;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.Update;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.jcalico.bgp.policy.Policy;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routing tables: one Loc-RIB per family holding, per prefix, every peer's path (that is the
 * Adj-RIB-In of each peer, shared instead of copied) with the best one first; one Adj-RIB-Out per
 * peer and family. Knows nothing of Netty or sockets.
 *
 * <p>Single writer: every method must be called from one thread (the speaker's event loop).
 * Changes are computed eagerly per prefix and queued per peer; {@link #flush()} sends them packed.
 *
 * <p>Table values are a {@link Path} (one candidate) or a {@code Path[]} (several, best first), so
 * a prefix costs one map entry and no object of its own.
 */
public final class Rib {
    private static final Logger log = LoggerFactory.getLogger(Rib.class);

    /** Called when a peer exceeds its prefix limit (the speaker resets the session). */
    public interface LimitHandler {
        void maxPrefixesExceeded(RibPeer peer, AddressFamily family, long accepted);
    }

    private final long localAs;
    private final int routerId;
    private final int clusterId;
    private final RibPeer local;
    private final List<RibPeer> peers = new ArrayList<>();
    private final Table[] tables = {new Table(PrefixKeys.ipv4(), 0), new Table(PrefixKeys.ipv6(), 1)};
    private final List<BestPathListener> listeners = new CopyOnWriteArrayList<>();
    private final LimitHandler limitHandler;
    /** RFC 4724 §4.1 selection deferral: changes queue up, nothing is sent, until it ends. */
    private boolean advertisementsHeld;

    /** One family's Loc-RIB. */
    private static final class Table {
        final PrefixKeys keys;
        final int index;
        final PrefixTable dests;

        Table(PrefixKeys keys, int index) {
            this.keys = keys;
            this.index = index;
            this.dests = new PrefixTable(keys.family().isIpv4());
        }

        AddressFamily family() {
            return keys.family();
        }
    }

    /**
     * @param clusterId the route reflector cluster ID, 0 when not a route reflector
     */
    public Rib(long localAs, int routerId, int clusterId, LimitHandler limitHandler) {
        this.localAs = localAs;
        this.routerId = routerId;
        this.clusterId = clusterId;
        this.limitHandler = limitHandler;
        this.local = new RibPeer(new RibPeer.Config(new inet.ipaddr.IPAddressString("0.0.0.0").getAddress(), localAs,
                false, false, null, null, null, null, 0), RibPeer.Kind.LOCAL, localAs);
        local.routerId = routerId;
        local.up = true;
    }

    public long localAs() {
        return localAs;
    }

    public int routerId() {
        return routerId;
    }

    public boolean isRouteReflector() {
        return clusterId != 0;
    }

    public void addListener(BestPathListener l) {
        listeners.add(l);
    }

    public void removeListener(BestPathListener l) {
        listeners.remove(l);
    }

    /** The table of a family: 0 IPv4 unicast, 1 IPv6 unicast, -1 none. */
    static int index(AddressFamily f) {
        return f.equals(AddressFamily.IPV4_UNICAST) ? 0 : f.equals(AddressFamily.IPV6_UNICAST) ? 1 : -1;
    }

    private Table table(AddressFamily f) {
        int i = index(f);
        if (i < 0) {
            throw new IllegalArgumentException("unsupported family " + f);
        }
        return tables[i];
    }

    /**
     * While held, peers are sent nothing (no UPDATE, no End-of-RIB): their changes queue, coalesced
     * per prefix, and go out packed, End-of-RIB last, when released. The Loc-RIB and its best-path
     * listeners keep running. The restarting speaker holds them until its peers' End-of-RIB.
     */
    public void holdAdvertisements(boolean hold) {
        advertisementsHeld = hold;
        if (!hold) {
            flush();
        }
    }

    public boolean advertisementsHeld() {
        return advertisementsHeld;
    }

    // ---- peers -----------------------------------------------------------------------------------

    public RibPeer addPeer(RibPeer.Config config) {
        long mine = config.localAs() > 0 ? config.localAs() : localAs;
        RibPeer p = new RibPeer(config, config.asn() == mine ? RibPeer.Kind.INTERNAL : RibPeer.Kind.EXTERNAL, mine);
        peers.add(p);
        return p;
    }

    /** Removes a peer that is down (call {@link #peerDown} first if it is up). */
    public void removePeer(RibPeer p) {
        if (p.up) {
            peerDown(p, false);
        }
        for (Table t : tables) {
            purge(t, p, false);
        }
        peers.remove(p);
    }

    public List<RibPeer> peers() {
        return List.copyOf(peers);
    }

    /**
     * The peer's session is established: remember its facts and queue the whole table for it,
     * followed by End-of-RIB per family.
     */
    public void peerUp(RibPeer p, int peerRouterId, Set<AddressFamily> families, RibSink sink,
                       NextHop localV4, NextHop localV6) {
        p.up = true;
        p.routerId = peerRouterId;
        p.families = Set.copyOf(families);
        p.sink = sink;
        p.localV4 = localV4;
        p.localV6 = localV6;
        p.importMemo.clear();
        for (AddressFamily f : families) {
            if (f.isSupported()) {
                p.carries[index(f)] = true;
                AdjRibOut out = p.out(index(f));
                out.clear();
                exportAll(table(f), p, out, false);
                out.endOfRibDue = true;
            }
        }
        flush();
    }

    /**
     * The peer's session ended. With {@code graceful} its routes stay, marked stale, until
     * {@link #purgeStale} (End-of-RIB or the restart timer); otherwise they go now.
     */
    public void peerDown(RibPeer p, boolean graceful) {
        p.up = false;
        p.sink = null;
        java.util.Arrays.fill(p.carries, false);
        for (AdjRibOut o : p.outs) {
            if (o != null) {
                o.clear();
            }
        }
        p.importMemo.clear();
        for (Table t : tables) {
            if (graceful) {
                markStale(t, p);
            } else {
                purge(t, p, false);
            }
        }
        flush();
    }

    /** Marks the peer's routes of a family stale (graceful restart, or BoRR of an enhanced refresh). */
    public void markStale(RibPeer p, AddressFamily f) {
        markStale(table(f), p);
    }

    /** Drops the peer's stale routes of a family (End-of-RIB, EoRR, or the restart timer). */
    public void purgeStale(RibPeer p, AddressFamily f) {
        if (p.counters(f).stale == 0) {
            return; // the usual End-of-RIB: nothing to walk the table for
        }
        purge(table(f), p, true);
        flush();
    }

    /**
     * Sends the peer everything again (it asked with ROUTE-REFRESH, or export policy changed). With
     * {@code enhanced} (RFC 7313) the routes go between BoRR and EoRR, else they end with End-of-RIB.
     * The markers are queued with the routes, so they keep their order however long the connection
     * stays backed up.
     */
    public void refreshOut(RibPeer p, AddressFamily f, boolean enhanced) {
        if (!p.up || !p.families.contains(f)) {
            return;
        }
        AdjRibOut out = p.out(index(f));
        out.forgetExports();
        exportAll(table(f), p, out, true);
        if (enhanced) {
            out.refreshDue = true;
        } else {
            out.endOfRibDue = true;
        }
        flush();
    }

    /** Queues the whole table for a peer: as new (session up) or {@code again} (route refresh). */
    private void exportAll(Table t, RibPeer p, AdjRibOut out, boolean again) {
        t.dests.forEach((key, value) -> {
            Path best = best(value);
            AttributeSet attrs = best == null ? null : export(p, t, key, best, out);
            if (attrs != null && again) {
                out.resend(key, attrs);
            } else if (attrs != null) {
                out.change(key, null, attrs);
            }
        });
    }

    // ---- input -----------------------------------------------------------------------------------

    /** Applies an UPDATE from an established peer, with its RFC 7606 verdict. */
    public void apply(RibPeer p, Update u) {
        boolean withdrawAll = u.treatAsWithdraw();
        if (!u.withdrawn().isEmpty()) {
            withdraw(p, u.withdrawn());
        }
        if (u.mpUnreach() != null && !u.mpUnreach().isEmpty()) {
            withdraw(p, u.mpUnreach());
        }
        if (!u.nlri().isEmpty()) {
            if (withdrawAll) {
                withdraw(p, u.nlri());
            } else {
                announce(p, u.nlri(), u.attributes());
            }
        }
        if (u.mpReach() != null && !u.mpReach().isEmpty() && u.mpReach().family().isSupported()) {
            if (withdrawAll) {
                withdraw(p, u.mpReach());
            } else {
                announce(p, u.mpReach(), u.mpAttributes());
            }
        }
        AddressFamily eor = u.endOfRibFamily();
        if (eor != null && eor.isSupported()) {
            purgeStale(p, eor);
        }
    }

    /** The peer announces {@code prefixes} with {@code received} attributes. */
    public void announce(RibPeer p, PrefixList prefixes, AttributeSet received) {
        Table t = table(prefixes.family());
        Policy policy = p.config().importPolicy();
        Path shared = null;
        if (!policy.dependsOnPrefix()) {
            shared = p.importMemo.get(received);
            if (shared == null) {
                shared = Path.of(p, received, importPolicy(p, received, policy, t, -1), false);
                p.importMemo.put(received, shared);
            }
        }
        RibPeer.Counters c = p.counters(t.family());
        for (int i = 0; i < prefixes.size(); i++) {
            long key = t.keys.key(prefixes, i);
            Path path = shared;
            if (path == null) {
                path = Path.of(p, received, importPolicy(p, received, policy, t, key), false);
            }
            setPath(t, key, p, path, c);
        }
        int max = p.config().maxPrefixes();
        if (max > 0 && p.acceptedTotal() > max) {
            limitHandler.maxPrefixesExceeded(p, t.family(), p.acceptedTotal());
        }
    }

    /** Import checks (RFC 4271 loop detection, RFC 4456 reflection loops), then policy. */
    private AttributeSet importPolicy(RibPeer p, AttributeSet a, Policy policy, Table t, long key) {
        AttributeSet checked = sanitizeImport(p, a);
        if (checked == null) {
            return null;
        }
        if (key < 0 && policy.dependsOnPrefix()) {
            throw new IllegalStateException("prefix needed");
        }
        return key < 0 ? policy.apply(t.family().isIpv4(), 0, 0, 0, checked)
                : policy.apply(t.family().isIpv4(), t.keys.hi(key), t.keys.lo(key), t.keys.length(key), checked);
    }

    private AttributeSet sanitizeImport(RibPeer p, AttributeSet a) {
        // our own AS (the speaker's, or the one we are towards this peer): a loop, unless allowed (allowas-in)
        int allowed = p.config().allowLocalAs();
        if (a.asPath().count(localAs) > allowed || p.localAs() != localAs && a.asPath().count(p.localAs()) > allowed) {
            return null;
        }
        if (p.kind() == RibPeer.Kind.EXTERNAL) {
            if (!a.asPath().isEmpty() && a.asPath().firstAs() != p.asn()) {
                log.warn("{}: AS_PATH {} does not start with the peer's AS, route ignored", p, a.asPath());
                return null;
            }
            // LOCAL_PREF, ORIGINATOR_ID and CLUSTER_LIST mean nothing across AS borders.
            if (a.hasLocalPref() || a.hasOriginatorId() || a.clusterListLength() > 0) {
                a = a.toBuilder().localPref(AttributeSet.ABSENT).originatorId(AttributeSet.ABSENT).clusterList().build();
            }
        } else if (p.kind() == RibPeer.Kind.INTERNAL) {
            if (a.hasOriginatorId() && a.originatorId() == Integer.toUnsignedLong(routerId)) {
                return null;
            }
            if (clusterId != 0 && a.clusterListContains(clusterId)) {
                return null;
            }
        }
        return a;
    }

    public void withdraw(RibPeer p, PrefixList prefixes) {
        Table t = table(prefixes.family());
        RibPeer.Counters c = p.counters(t.family());
        for (int i = 0; i < prefixes.size(); i++) {
            long key = t.keys.find(prefixes, i);
            if (key != PrefixKeys.NONE) {
                setPath(t, key, p, null, c);
            }
        }
    }

    /** Originates a prefix from this speaker (attributes without next hop: "self" per peer). */
    public void originate(IPAddress prefix, AttributeSet attributes) {
        Table t = table(prefix.isIPv4() ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST);
        setPath(t, t.keys.key(prefix), local, Path.of(local, attributes, attributes, false), local.counters(t.family()));
        flush();
    }

    public void withdrawOriginated(IPAddress prefix) {
        Table t = table(prefix.isIPv4() ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST);
        long key = t.keys.find(prefix);
        if (key != PrefixKeys.NONE) {
            setPath(t, key, local, null, local.counters(t.family()));
        }
        flush();
    }

    // ---- the table ---------------------------------------------------------------------------------

    private static Path best(Object v) {
        Path p = v instanceof Path[] arr ? arr[0] : (Path) v;
        return p != null && p.eligible() ? p : null;
    }

    private static Path pathOf(Object v, RibPeer peer) {
        if (v instanceof Path p) {
            return p.source() == peer ? p : null;
        }
        if (v instanceof Path[] arr) {
            for (Path p : arr) {
                if (p.source() == peer) {
                    return p;
                }
            }
        }
        return null;
    }

    /** Puts (or with null removes) the peer's path for a prefix, re-runs the decision, propagates. */
    private void setPath(Table t, long key, RibPeer peer, Path path, RibPeer.Counters c) {
        int slot = t.dests.find(key);
        Object cur = slot < 0 ? null : t.dests.valueAt(slot);
        Path old = pathOf(cur, peer);
        if (old == path) {
            return;
        }
        Path oldBest = best(cur);
        Object next = replace(cur, peer, path);
        if (old != null) {
            c.received--;
            c.accepted -= old.eligible() ? 1 : 0;
            c.stale -= old.stale() ? 1 : 0;
        }
        if (path != null) {
            c.received++;
            c.accepted += path.eligible() ? 1 : 0;
            c.stale += path.stale() ? 1 : 0;
        }
        if (next == null) {
            t.dests.removeAt(slot);
        } else if (slot < 0) {
            t.dests.insertAt(slot, key, next);
        } else if (next != cur) {
            t.dests.setValueAt(slot, next);
        }
        Path newBest = best(next);
        if (newBest != oldBest) {
            propagate(t, key, oldBest, newBest);
        }
        if (next == null) {
            t.keys.release(key);
        }
    }

    /** The container with {@code peer}'s path replaced (or removed), best path first. */
    private static Object replace(Object cur, RibPeer peer, Path path) {
        if (cur == null) {
            return path;
        }
        if (cur instanceof Path p) {
            if (p.source() == peer) {
                return path;
            }
            if (path == null) {
                return cur;
            }
            return order(new Path[] {p, path});
        }
        Path[] arr = (Path[]) cur;
        int i = 0;
        while (i < arr.length && arr[i].source() != peer) {
            i++;
        }
        Path[] n;
        if (i < arr.length) {
            if (path == null) {
                if (arr.length == 2) {
                    return arr[1 - i];
                }
                n = new Path[arr.length - 1];
                System.arraycopy(arr, 0, n, 0, i);
                System.arraycopy(arr, i + 1, n, i, arr.length - i - 1);
            } else {
                n = arr.clone();
                n[i] = path;
            }
        } else {
            if (path == null) {
                return cur;
            }
            n = Arrays.copyOf(arr, arr.length + 1);
            n[arr.length] = path;
        }
        return order(n);
    }

    /** Moves the best eligible path to the front. */
    private static Path[] order(Path[] arr) {
        int best = -1;
        for (int i = 0; i < arr.length; i++) {
            if (arr[i].eligible() && (best < 0 || DecisionProcess.better(arr[i], arr[best]))) {
                best = i;
            }
        }
        if (best > 0) {
            Path tmp = arr[0];
            arr[0] = arr[best];
            arr[best] = tmp;
        }
        return arr;
    }

    private void markStale(Table t, RibPeer p) {
        RibPeer.Counters c = p.counters(t.family());
        PrefixTable dests = t.dests;
        for (int slot = 0; slot < dests.capacity(); slot++) {
            Object cur = dests.occupied(slot) ? dests.valueAt(slot) : null;
            Path old = pathOf(cur, p);
            if (old != null && !old.stale()) {
                c.stale++;
                Path oldBest = best(cur);
                Object next = replace(cur, p, old.asStale());
                dests.setValueAt(slot, next);
                if (best(next) != oldBest) {
                    propagate(t, dests.keyAt(slot), oldBest, best(next));
                }
            }
        }
    }

    /** Removes the peer's paths (only stale ones if {@code onlyStale}). */
    private void purge(Table t, RibPeer p, boolean onlyStale) {
        LongArrayList keys = new LongArrayList();
        t.dests.forEach((key, value) -> {
            Path old = pathOf(value, p);
            if (old != null && (!onlyStale || old.stale())) {
                keys.add(key);
            }
        });
        RibPeer.Counters c = p.counters(t.family());
        for (int i = 0; i < keys.size(); i++) {
            setPath(t, keys.getLong(i), p, null, c);
        }
        if (!keys.isEmpty()) {
            log.info("{}: removed {} {} routes{}", p, keys.size(), t.family(), onlyStale ? " (stale)" : "");
        }
    }

    // ---- output ------------------------------------------------------------------------------------

    /** The best path of a prefix changed: each peer's export of the old one is replaced by the new. */
    private void propagate(Table t, long key, Path oldBest, Path best) {
        for (int i = 0; i < peers.size(); i++) {
            RibPeer q = peers.get(i);
            if (q.up && q.carries[t.index]) {
                AdjRibOut out = q.out(t.index);
                out.change(key, oldBest == null ? null : export(q, t, key, oldBest, out),
                        best == null ? null : export(q, t, key, best, out));
            }
        }
        if (!listeners.isEmpty()) {
            IPAddress prefix = t.keys.toIpAddress(key);
            for (BestPathListener l : listeners) {
                try {
                    l.bestPathChanged(t.family(), prefix, best);
                } catch (RuntimeException e) {
                    log.warn("best path listener failed", e);
                }
            }
        }
    }

    /** What {@code q} should hold for a prefix whose best path is {@code best}; null for nothing. */
    private AttributeSet export(RibPeer q, Table t, long key, Path best, AdjRibOut out) {
        AttributeSet rewritten = exported(q, t, best, out);
        if (rewritten == null) {
            return null;
        }
        Policy policy = q.config().exportPolicy();
        if (policy == Policy.ACCEPT_ALL) {
            return rewritten;
        }
        return policy.apply(t.family().isIpv4(), t.keys.hi(key), t.keys.lo(key), t.keys.length(key), rewritten,
                !best.local());
    }

    /**
     * What {@code q} is sent for a best path before export policy (null: nothing). It depends on the
     * path and the peer's session only, so it is memoized per peer; the prefixes of one UPDATE share
     * one path, so the last answer is kept apart and most prefixes need no lookup at all.
     */
    private AttributeSet exported(RibPeer q, Table t, Path best, AdjRibOut out) {
        if (best == out.lastPath) {
            return out.lastExport;
        }
        Object memo = out.exportMemo.get(best);
        if (memo == null) {
            if (out.exportMemo.size() > 1 << 16) {
                out.exportMemo.clear();
            }
            AttributeSet a = exportable(q, best) ? rewrite(q, t.family(), best) : null;
            memo = a == null ? AdjRibOut.NOT_EXPORTED : a;
            out.exportMemo.put(best, memo);
        }
        out.lastPath = best;
        out.lastExport = memo == AdjRibOut.NOT_EXPORTED ? null : (AttributeSet) memo;
        return out.lastExport;
    }

    /** Whether {@code q} may hear of the path at all: not its own, communities, iBGP split horizon. */
    private boolean exportable(RibPeer q, Path best) {
        RibPeer src = best.source();
        if (src == q) {
            return false; // never back to where it came from
        }
        AttributeSet a = best.attributes();
        if (a.hasCommunity(Communities.NO_ADVERTISE)) {
            return false;
        }
        if (q.kind() == RibPeer.Kind.EXTERNAL
                && (a.hasCommunity(Communities.NO_EXPORT) || a.hasCommunity(Communities.NO_EXPORT_SUBCONFED))) {
            return false;
        }
        if (src.kind() == RibPeer.Kind.INTERNAL && q.kind() == RibPeer.Kind.INTERNAL) {
            // iBGP split horizon, relaxed by route reflection (RFC 4456 §6).
            return clusterId != 0 && (src.config().routeReflectorClient() || q.config().routeReflectorClient());
        }
        return true;
    }

    /** Per-peer rewriting of a best path: prepend, next hop, LOCAL_PREF, reflection attributes. */
    private AttributeSet rewrite(RibPeer q, AddressFamily family, Path best) {
        RibPeer src = best.source();
        AttributeSet a = best.attributes();
        AttributeSet.Builder b = a.toBuilder();
        NextHop self = q.selfNextHop(family);
        NextHop nh;
        if (q.kind() == RibPeer.Kind.EXTERNAL) {
            b.asPath(a.asPath().prepend(q.localAs())).localPref(AttributeSet.ABSENT)
                    .originatorId(AttributeSet.ABSENT).clusterList();
            if (src.kind() != RibPeer.Kind.LOCAL) {
                b.med(AttributeSet.ABSENT); // MED does not travel beyond the neighbouring AS
            }
            // next hop keep: a learnt route (or one we originate with a next hop) keeps it
            nh = q.config().nextHopKeep() && a.nextHop() != null ? a.nextHop() : self;
        } else {
            if (!a.hasLocalPref()) {
                b.localPref(DecisionProcess.DEFAULT_LOCAL_PREF);
            }
            if (src.kind() == RibPeer.Kind.INTERNAL) {
                if (!a.hasOriginatorId()) {
                    b.originatorId(Integer.toUnsignedLong(src.routerId()));
                }
                int[] cl = a.clusterList();
                int[] n = new int[cl.length + 1];
                n[0] = clusterId;
                System.arraycopy(cl, 0, n, 1, cl.length);
                b.clusterList(n);
            }
            nh = q.config().nextHopSelf() || a.nextHop() == null ? self : a.nextHop();
        }
        if (nh == null) {
            log.warn("{}: no {} next hop to announce {} with; set nextHop for this neighbour", q, family, a);
            return null;
        }
        if (nh instanceof NextHop.V6 v6 && nh != self) {
            nh = v6.withoutLinkLocal(); // a link-local address is only good on its own link
        }
        return b.nextHop(nh).build();
    }

    /** Sends every peer's queued changes (packed per attribute set), then due End-of-RIB markers. */
    public void flush() {
        if (advertisementsHeld) {
            return;
        }
        for (int i = 0; i < peers.size(); i++) {
            RibPeer q = peers.get(i);
            if (!q.up || q.sink == null || !q.sink.ready()) {
                continue;
            }
            boolean wrote = false;
            for (Table t : tables) {
                AdjRibOut out = q.outs[t.index];
                if (out == null) {
                    continue;
                }
                if (out.refreshDue) {
                    q.sink.beginOfRefresh(t.family());
                }
                if (out.hasPending()) {
                    RibSink sink = q.sink;
                    out.drain(w -> sink.withdraw(t.keys.toList(w.elements(), 0, w.size())),
                            (attrs, keys) -> sink.announce(attrs, t.keys.toList(keys.elements(), 0, keys.size())));
                    wrote = true;
                }
                if (out.refreshDue) {
                    out.refreshDue = false;
                    q.sink.endOfRefresh(t.family());
                    wrote = true;
                }
                if (out.endOfRibDue) {
                    out.endOfRibDue = false;
                    q.sink.endOfRib(t.family());
                    wrote = true;
                }
            }
            if (wrote) {
                q.sink.flush();
            }
        }
        for (Table t : tables) {
            t.keys.reclaim(key -> inUse(t, key));
        }
    }

    private boolean inUse(Table t, long key) {
        if (t.dests.containsKey(key)) {
            return true;
        }
        for (RibPeer q : peers) {
            AdjRibOut out = q.outs[t.index];
            if (out != null && out.holds(key)) {
                return true;
            }
        }
        return false;
    }

    // ---- views (for the API; walk the tables) ------------------------------------------------------

    /** A prefix with a path, for listings. */
    public record Entry(IPAddress prefix, Path path, boolean best) {
    }

    /** A prefix with what a peer was told, for Adj-RIB-Out listings. */
    public record OutEntry(IPAddress prefix, AttributeSet attributes) {
    }

    /** Every path of the Loc-RIB (all candidates; {@code best} marks the selected one). */
    public void locRib(AddressFamily f, Consumer<Entry> action) {
        Table t = table(f);
        t.dests.forEach((key, value) -> {
            IPAddress prefix = t.keys.toIpAddress(key);
            Path best = best(value);
            if (value instanceof Path[] arr) {
                for (Path p : arr) {
                    action.accept(new Entry(prefix, p, p == best));
                }
            } else {
                action.accept(new Entry(prefix, (Path) value, value == best));
            }
        });
    }

    /** The best path of one prefix, or null. */
    public Path bestPath(IPAddress prefix) {
        Table t = table(prefix.isIPv4() ? AddressFamily.IPV4_UNICAST : AddressFamily.IPV6_UNICAST);
        long key = t.keys.find(prefix);
        return key == PrefixKeys.NONE ? null : best(t.dests.get(key));
    }

    /** The peer's Adj-RIB-In: what it sent us (paths keep both received and accepted attributes). */
    public void adjRibIn(RibPeer p, AddressFamily f, Consumer<Entry> action) {
        locRib(f, e -> {
            if (e.path().source() == p) {
                action.accept(e);
            }
        });
    }

    /** What the peer is told: the export of every best path (changes still queued included). */
    public void adjRibOut(RibPeer p, AddressFamily f, Consumer<OutEntry> action) {
        Table t = table(f);
        AdjRibOut out = p.outs[t.index];
        if (out == null || !p.up || !p.carries[t.index]) {
            return;
        }
        t.dests.forEach((key, value) -> {
            Path best = best(value);
            AttributeSet attrs = best == null ? null : export(p, t, key, best, out);
            if (attrs != null) {
                action.accept(new OutEntry(t.keys.toIpAddress(key), attrs));
            }
        });
    }

    public int size(AddressFamily f) {
        return table(f).dests.size();
    }
}
