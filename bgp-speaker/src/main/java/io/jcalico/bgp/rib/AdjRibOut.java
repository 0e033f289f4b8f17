package io.jcalico.bgp.rib;

import io.jcalico.bgp.codec.attr.AttributeSet;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Reference2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Reference2ObjectOpenHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One peer's Adj-RIB-Out of one family, kept as changes only. What the peer holds is not stored:
 * it is the export of the Loc-RIB's best path, a pure function of that path and the peer's session
 * (see {@code Rib.export}), so a copy per peer (a map entry per prefix, 25 MB per peer at 1M
 * prefixes) would only repeat the Loc-RIB. Kept here: the changes not yet sent, coalesced per
 * prefix (a prefix changed twice before a flush is sent once), and how many prefixes the peer
 * holds. A flush groups pending announcements into buckets by attribute set (identity: sets are
 * interned) so each bucket packs into as few UPDATEs as fit.
 */
final class AdjRibOut {
    private static final Object WITHDRAW = new Object();
    /** Entries the pending map keeps room for after a flush (about 256 KiB). */
    private static final int KEEP = 1 << 13;

    private final PrefixTable pending;
    /** Export memo value of a path this peer is not sent. */
    static final Object NOT_EXPORTED = new Object();
    /** Export memo: best path → attributes for this peer before export policy, or {@link #NOT_EXPORTED}. */
    final Reference2ObjectOpenHashMap<Path, Object> exportMemo = new Reference2ObjectOpenHashMap<>();
    /** The memo's last answer (consecutive prefixes mostly share their path). */
    Path lastPath;
    AttributeSet lastExport;
    private long size;
    boolean endOfRibDue;
    /** An enhanced route refresh is queued: BoRR before the pending changes, EoRR after them. */
    boolean refreshDue;

    /** @param ipv4 keys of the IPv4 table (else of the IPv6 one) */
    AdjRibOut(boolean ipv4) {
        pending = new PrefixTable(ipv4);
    }

    /** Prefixes the peer holds once the pending changes are sent. */
    long size() {
        return size;
    }

    /** The peer's entry for {@code key} goes from {@code prev} to {@code next} (null: none). */
    void change(long key, AttributeSet prev, AttributeSet next) {
        if (prev == next) {
            return;
        }
        size += (next != null ? 1 : 0) - (prev != null ? 1 : 0);
        pending.put(key, next == null ? WITHDRAW : next);
    }

    /** Queues {@code attrs} (which the peer holds, or is about to) to be sent again: route refresh. */
    void resend(long key, AttributeSet attrs) {
        pending.put(key, attrs);
    }

    /** True if a change of the key is queued (its prefix must keep its key until sent). */
    boolean holds(long key) {
        return pending.containsKey(key);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Forgets the export memo (export policy or the session's facts changed). */
    void forgetExports() {
        exportMemo.clear();
        lastPath = null;
        lastExport = null;
    }

    /** Forgets everything (the session went down). */
    void clear() {
        pending.clear(0); // the session is gone: give everything back
        forgetExports();
        size = 0;
        endOfRibDue = false;
        refreshDue = false;
    }

    /** The keys announced with one attribute set; counted first, so the array is made to size. */
    private static final class Bucket {
        long[] keys;
        int size;
    }

    /**
     * Hands pending changes over: withdrawn keys first, then one key array per attribute set (each
     * exactly full, so the lists made of them need no copy), and clears them, keeping room for a
     * batch like this one but never a whole table's.
     */
    void drain(Consumer<LongArrayList> withdrawals, BiConsumer<AttributeSet, LongArrayList> announcements) {
        Map<AttributeSet, Bucket> buckets = new Reference2ObjectLinkedOpenHashMap<>();
        int[] withdrawnCount = {0};
        // slot order keeps neighbouring prefixes together, and they mostly share attributes
        Object[] lastSet = {null};
        Bucket[] last = {null};
        pending.forEach((key, v) -> {
            if (v == WITHDRAW) {
                withdrawnCount[0]++;
                return;
            }
            if (v != lastSet[0]) {
                lastSet[0] = v;
                last[0] = buckets.computeIfAbsent((AttributeSet) v, k -> new Bucket());
            }
            last[0].size++;
        });
        long[] withdrawn = new long[withdrawnCount[0]];
        int[] w = {0};
        buckets.values().forEach(b -> {
            b.keys = new long[b.size];
            b.size = 0;
        });
        lastSet[0] = null;
        pending.forEach((key, v) -> {
            if (v == WITHDRAW) {
                withdrawn[w[0]++] = key;
                return;
            }
            if (v != lastSet[0]) {
                lastSet[0] = v;
                last[0] = buckets.get(v);
            }
            last[0].keys[last[0].size++] = key;
        });
        pending.clear(Math.min(pending.size(), KEEP));
        if (withdrawn.length > 0) {
            withdrawals.accept(LongArrayList.wrap(withdrawn));
        }
        buckets.forEach((attrs, b) -> announcements.accept(attrs, LongArrayList.wrap(b.keys)));
    }
}
