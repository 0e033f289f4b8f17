package io.jcalico.bgp.rib;

import io.jcalico.bgp.codec.attr.AttributeSet;
import it.unimi.dsi.fastutil.longs.Long2ObjectMap;
import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Reference2ObjectLinkedOpenHashMap;
import it.unimi.dsi.fastutil.objects.Reference2ObjectOpenHashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * One peer's Adj-RIB-Out of one family: what it has been told (after pending changes) and the
 * changes not yet sent, coalesced per prefix (a prefix changed twice before a flush is sent once).
 * A flush groups pending announcements into buckets by attribute set (identity: sets are interned)
 * so each bucket packs into as few UPDATEs as fit.
 */
final class AdjRibOut {
    private static final Object WITHDRAW = new Object();

    private final Long2ObjectOpenHashMap<AttributeSet> advertised = new Long2ObjectOpenHashMap<>();
    private final Long2ObjectOpenHashMap<Object> pending = new Long2ObjectOpenHashMap<>();
    /** Export memo: best path → attributes for this peer before export policy. */
    final Reference2ObjectOpenHashMap<Path, AttributeSet> exportMemo = new Reference2ObjectOpenHashMap<>();
    boolean endOfRibDue;
    /** An enhanced route refresh is queued: BoRR before the pending changes, EoRR after them. */
    boolean refreshDue;

    int size() {
        return advertised.size();
    }

    AttributeSet get(long key) {
        return advertised.get(key);
    }

    /** Records that the peer should now hold {@code attrs} for {@code key} (null: nothing). */
    void set(long key, AttributeSet attrs) {
        AttributeSet prev = attrs == null ? advertised.remove(key) : advertised.put(key, attrs);
        if (prev != attrs) {
            pending.put(key, attrs == null ? WITHDRAW : attrs);
        }
    }

    /** True if the key is advertised or has a change queued. */
    boolean holds(long key) {
        return advertised.containsKey(key) || pending.containsKey(key);
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** Forgets everything (the session went down). */
    void clear() {
        advertised.clear();
        pending.clear();
        exportMemo.clear();
        endOfRibDue = false;
        refreshDue = false;
    }

    /**
     * Outbound route refresh: everything told (or about to be) becomes a pending withdrawal, so the
     * export that follows re-announces what is still wanted and nothing the peer holds is forgotten.
     */
    void forgetAdvertised() {
        for (Long2ObjectMap.Entry<AttributeSet> e : advertised.long2ObjectEntrySet()) {
            pending.put(e.getLongKey(), WITHDRAW);
        }
        advertised.clear();
    }

    void forEachAdvertised(BiConsumer<Long, AttributeSet> action) {
        for (Long2ObjectMap.Entry<AttributeSet> e : advertised.long2ObjectEntrySet()) {
            action.accept(e.getLongKey(), e.getValue());
        }
    }

    /**
     * Hands pending changes over: withdrawn keys first, then one key list per attribute set, and
     * clears them.
     */
    void drain(Consumer<LongArrayList> withdrawals, BiConsumer<AttributeSet, LongArrayList> announcements) {
        LongArrayList withdrawn = new LongArrayList();
        Map<AttributeSet, LongArrayList> buckets = new Reference2ObjectLinkedOpenHashMap<>();
        for (Long2ObjectMap.Entry<Object> e : pending.long2ObjectEntrySet()) {
            Object v = e.getValue();
            if (v == WITHDRAW) {
                withdrawn.add(e.getLongKey());
            } else {
                buckets.computeIfAbsent((AttributeSet) v, k -> new LongArrayList()).add(e.getLongKey());
            }
        }
        pending.clear();
        if (!withdrawn.isEmpty()) {
            withdrawals.accept(withdrawn);
        }
        buckets.forEach(announcements);
    }
}
