package io.jcalico.bgp.rib;

import java.util.Arrays;

/**
 * A hash map from prefix keys ({@link PrefixKeys}) to objects, open addressing with linear
 * probing, made for tables of a million prefixes that arrive in address order.
 *
 * <p>Why not a general hash map: those scatter keys over the whole table, so each of a feed's
 * consecutive prefixes costs a cache miss (a 1M table is 24 MB). Here the home slot keeps runs of
 * 16 neighbouring prefixes of one length (consecutive /32s, consecutive /24s) in adjacent slots, so
 * a feed in address order touches memory sequentially, and only the run number is hashed. Keys with
 * little order (IPv6 ids handed out in arrival order) get the same treatment, which suits them too.
 * Lookups that insert report the free slot, so a miss followed by an insert probes once.
 *
 * <p>Keys are stored plus one so that 0 marks a free slot (a new array is all free) and the key 0
 * (0.0.0.0/0) needs no special case. Removal shifts the following run back (no tombstones).
 */
final class PrefixTable {
    private static final int MIN_CAPACITY = 16;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final boolean ipv4;
    private long[] keys;
    private Object[] values;
    private int mask;
    private int size;
    private int limit;

    /** @param ipv4 keys are packed IPv4 prefixes (address and length); else small ids */
    PrefixTable(boolean ipv4) {
        this.ipv4 = ipv4;
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new Object[capacity];
        mask = capacity - 1;
        limit = capacity / 4 * 3;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    /**
     * The home slot: the prefix's number among prefixes of its length (for an IPv4 /n, its top n
     * bits) keeps its low 4 bits as the offset in a run of 16 slots; the rest picks the run.
     */
    private int home(long key) {
        long number = key;
        long length = 0;
        if (ipv4) {
            length = key & 0xFF;
            number = length == 0 ? 0 : (key >>> 8) >>> (32 - length);
        }
        long run = ((number >>> 4) + length * GOLDEN) * GOLDEN;
        run ^= run >>> 29;
        return (int) (run << 4 | number & 15) & mask;
    }

    /** The slot holding {@code key}, or {@code -(free slot) - 1} where it would go. */
    int find(long key) {
        long stored = key + 1;
        int i = home(key);
        for (long k; (k = keys[i]) != 0; i = i + 1 & mask) {
            if (k == stored) {
                return i;
            }
        }
        return -i - 1;
    }

    Object get(long key) {
        int slot = find(key);
        return slot < 0 ? null : values[slot];
    }

    boolean containsKey(long key) {
        return find(key) >= 0;
    }

    long keyAt(int slot) {
        return keys[slot] - 1;
    }

    Object valueAt(int slot) {
        return values[slot];
    }

    void setValueAt(int slot, Object value) {
        values[slot] = value;
    }

    /**
     * Puts {@code key} into the free slot {@link #find} reported ({@code -slot - 1}). The table may
     * grow, which moves entries: slots from before are void.
     */
    void insertAt(int free, long key, Object value) {
        int i = -free - 1;
        keys[i] = key + 1;
        values[i] = value;
        if (++size > limit) {
            resize(keys.length * 2);
        }
    }

    /** Sets the value of {@code key}; returns the previous one (null if none). */
    Object put(long key, Object value) {
        int slot = find(key);
        if (slot >= 0) {
            Object old = values[slot];
            values[slot] = value;
            return old;
        }
        insertAt(slot, key, value);
        return null;
    }

    Object remove(long key) {
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        Object old = values[slot];
        removeAt(slot);
        return old;
    }

    /** Empties the slot and shifts back the entries after it that probed past it. */
    void removeAt(int slot) {
        size--;
        int gap = slot;
        for (int i = gap + 1 & mask; keys[i] != 0; i = i + 1 & mask) {
            int home = home(keys[i] - 1);
            // the entry at i may fill the gap if its home is not in (gap, i] (cyclically)
            if (gap <= i ? home <= gap || home > i : home <= gap && home > i) {
                keys[gap] = keys[i];
                values[gap] = values[i];
                gap = i;
            }
        }
        keys[gap] = 0;
        values[gap] = null;
    }

    /** Empties the table, keeping room for {@code expected} entries without growing (no more). */
    void clear(int expected) {
        int capacity = capacityFor(expected);
        if (capacity < keys.length) {
            allocate(capacity);
        } else if (size > 0) {
            Arrays.fill(keys, 0);
            Arrays.fill(values, null);
        }
        size = 0;
    }

    private static int capacityFor(int entries) {
        int needed = (int) Math.min(1L << 30, (long) entries * 4 / 3 + 1);
        return Math.max(MIN_CAPACITY, Integer.highestOneBit(needed - 1) << 1);
    }

    private void resize(int capacity) {
        long[] oldKeys = keys;
        Object[] oldValues = values;
        allocate(capacity);
        for (int s = 0; s < oldKeys.length; s++) {
            long k = oldKeys[s];
            if (k != 0) {
                int i = home(k - 1);
                while (keys[i] != 0) {
                    i = i + 1 & mask;
                }
                keys[i] = k;
                values[i] = oldValues[s];
            }
        }
    }

    /** Slots to walk with {@link #occupied}, {@link #keyAt} and {@link #valueAt}. */
    int capacity() {
        return keys.length;
    }

    boolean occupied(int slot) {
        return keys[slot] != 0;
    }

    /** Entry visitor without boxing. */
    interface Visitor {
        void visit(long key, Object value);
    }

    /** Visits every entry in slot order (neighbouring prefixes together); the table must not change meanwhile. */
    void forEach(Visitor visitor) {
        for (int s = 0; s < keys.length; s++) {
            if (keys[s] != 0) {
                visitor.visit(keys[s] - 1, values[s]);
            }
        }
    }
}
