package io.jcalico.bgp.rib;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.Ipv6Prefix;
import io.jcalico.bgp.codec.nlri.PrefixList;
import it.unimi.dsi.fastutil.longs.LongArrayList;
import it.unimi.dsi.fastutil.objects.Object2LongOpenHashMap;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a family's prefixes to {@code long} keys so every table is a primitive map. IPv4: the packed
 * prefix itself. IPv6: a small id handed out on first use and returned when the destination leaves
 * the Loc-RIB (after the flush that withdrew it, so no queued update still names it).
 */
abstract class PrefixKeys {
    static final long NONE = -1;

    abstract AddressFamily family();

    /** The key of entry {@code i}, allocating one if the prefix is new. */
    abstract long key(PrefixList list, int i);

    /** The key of entry {@code i}, or {@link #NONE} if the prefix has none. */
    abstract long find(PrefixList list, int i);

    abstract long find(IPAddress prefix);

    abstract long key(IPAddress prefix);

    /** Top 64 bits of the prefix (IPv4 in the top 32). */
    abstract long hi(long key);

    abstract long lo(long key);

    abstract int length(long key);

    abstract IPAddress toIpAddress(long key);

    /** The destination of {@code key} is gone; the key may be reused after {@link #reclaim}. */
    abstract void release(long key);

    /** Frees released keys that nothing uses any more (the others stay released). */
    abstract void reclaim(java.util.function.LongPredicate inUse);

    /** Keys {@code [from, to)} as prefixes; a whole array may be taken over (its caller drops it). */
    abstract PrefixList toList(long[] keys, int from, int to);

    static PrefixKeys ipv4() {
        return new PrefixKeys() {
            @Override
            AddressFamily family() {
                return AddressFamily.IPV4_UNICAST;
            }

            @Override
            long key(PrefixList list, int i) {
                return list.ipv4(i);
            }

            @Override
            long find(PrefixList list, int i) {
                return list.ipv4(i);
            }

            @Override
            long find(IPAddress prefix) {
                return Ipv4Prefixes.of(prefix);
            }

            @Override
            long key(IPAddress prefix) {
                return Ipv4Prefixes.of(prefix);
            }

            @Override
            long hi(long key) {
                return (long) Ipv4Prefixes.address(key) << 32;
            }

            @Override
            long lo(long key) {
                return 0;
            }

            @Override
            int length(long key) {
                return Ipv4Prefixes.length(key);
            }

            @Override
            IPAddress toIpAddress(long key) {
                return Ipv4Prefixes.toIpAddress(key);
            }

            @Override
            void release(long key) {
            }

            @Override
            void reclaim(java.util.function.LongPredicate inUse) {
            }

            @Override
            PrefixList toList(long[] keys, int from, int to) {
                // an array made for this list (the Adj-RIB-Out's buckets) is taken over as it is
                return from == 0 && to == keys.length ? PrefixList.ipv4Owning(keys) : PrefixList.ipv4(keys, from, to);
            }
        };
    }

    static PrefixKeys ipv6() {
        return new Ipv6Keys();
    }

    private static final class Ipv6Keys extends PrefixKeys {
        private final Object2LongOpenHashMap<Ipv6Prefix> ids = new Object2LongOpenHashMap<>();
        private final List<Ipv6Prefix> prefixes = new ArrayList<>();
        private final LongArrayList free = new LongArrayList();
        private final LongArrayList released = new LongArrayList();

        Ipv6Keys() {
            ids.defaultReturnValue(NONE);
        }

        @Override
        AddressFamily family() {
            return AddressFamily.IPV6_UNICAST;
        }

        private long key(Ipv6Prefix p) {
            long id = ids.getLong(p);
            if (id == NONE) {
                if (free.isEmpty()) {
                    id = prefixes.size();
                    prefixes.add(p);
                } else {
                    id = free.popLong();
                    prefixes.set((int) id, p);
                }
                ids.put(p, id);
            }
            return id;
        }

        @Override
        long key(PrefixList list, int i) {
            return key(list.ipv6(i));
        }

        @Override
        long find(PrefixList list, int i) {
            return ids.getLong(list.ipv6(i));
        }

        @Override
        long find(IPAddress prefix) {
            return ids.getLong(Ipv6Prefix.of(prefix));
        }

        @Override
        long key(IPAddress prefix) {
            return key(Ipv6Prefix.of(prefix));
        }

        @Override
        long hi(long key) {
            return prefixes.get((int) key).hi();
        }

        @Override
        long lo(long key) {
            return prefixes.get((int) key).lo();
        }

        @Override
        int length(long key) {
            return prefixes.get((int) key).length();
        }

        @Override
        IPAddress toIpAddress(long key) {
            return prefixes.get((int) key).toIpAddress();
        }

        @Override
        void release(long key) {
            released.add(key);
        }

        @Override
        void reclaim(java.util.function.LongPredicate inUse) {
            LongArrayList keep = new LongArrayList();
            for (int i = 0; i < released.size(); i++) {
                long id = released.getLong(i);
                Ipv6Prefix p = prefixes.get((int) id);
                if (p == null || ids.getLong(p) != id) {
                    continue; // already freed
                }
                if (inUse.test(id)) {
                    keep.add(id);
                } else {
                    ids.removeLong(p);
                    prefixes.set((int) id, null);
                    free.add(id);
                }
            }
            released.clear();
            released.addAll(keep);
        }

        @Override
        PrefixList toList(long[] keys, int from, int to) {
            PrefixList.Builder b = PrefixList.builder(AddressFamily.IPV6_UNICAST);
            for (int i = from; i < to; i++) {
                b.addIpv6(prefixes.get((int) keys[i]));
            }
            return b.build();
        }
    }
}
