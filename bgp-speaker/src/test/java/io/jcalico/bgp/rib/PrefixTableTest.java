package io.jcalico.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The prefix table against a plain HashMap: random puts, removes and lookups, growth, clearing. */
class PrefixTableTest {

    static long randomIpv4(Random r) {
        int length = r.nextInt(33);
        return Ipv4Prefixes.pack(r.nextInt(), length);
    }

    @Test
    void behavesLikeAMapUnderRandomOperations() {
        for (boolean ipv4 : new boolean[] {true, false}) {
            Random r = new Random(ipv4 ? 4 : 6);
            PrefixTable table = new PrefixTable(ipv4);
            Map<Long, Object> reference = new HashMap<>();
            for (int op = 0; op < 200_000; op++) {
                // a small key space so removes and overwrites hit, runs of neighbours so probing chains form
                long key = ipv4 ? (r.nextBoolean() ? randomIpv4(r) : Ipv4Prefixes.pack(r.nextInt(4096) << 8, 24))
                        : r.nextInt(5000);
                switch (r.nextInt(3)) {
                    case 0 -> assertThat(table.put(key, "v" + op)).isEqualTo(reference.put(key, "v" + op));
                    case 1 -> assertThat(table.remove(key)).isEqualTo(reference.remove(key));
                    default -> assertThat(table.get(key)).isEqualTo(reference.get(key));
                }
                assertThat(table.size()).isEqualTo(reference.size());
            }
            Map<Long, Object> walked = new HashMap<>();
            table.forEach(walked::put);
            assertThat(walked).isEqualTo(reference);
        }
    }

    @Test
    void findReportsTheFreeSlotAndInsertAtFillsIt() {
        PrefixTable table = new PrefixTable(true);
        long defaultRoute = Ipv4Prefixes.pack(0, 0); // key 0 is an ordinary key
        int free = table.find(defaultRoute);
        assertThat(free).isNegative();
        table.insertAt(free, defaultRoute, "default");
        assertThat(table.get(defaultRoute)).isEqualTo("default");
        int slot = table.find(defaultRoute);
        assertThat(table.keyAt(slot)).isEqualTo(defaultRoute);
        table.setValueAt(slot, "changed");
        assertThat(table.get(defaultRoute)).isEqualTo("changed");
        table.removeAt(slot);
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.get(defaultRoute)).isNull();
    }

    @Test
    void consecutivePrefixesLandInAdjacentSlots() {
        PrefixTable table = new PrefixTable(true);
        for (int i = 0; i < 100_000; i++) {
            table.put(Ipv4Prefixes.pack(0x0A000000 + i, 32), i);
        }
        int first = table.find(Ipv4Prefixes.pack(0x0A000010, 32));
        for (int i = 1; i < 16; i++) {
            assertThat(table.find(Ipv4Prefixes.pack(0x0A000010 + i, 32))).isEqualTo(first + i);
        }
        // /24s in a row too: their number among /24s is what counts
        PrefixTable slash24 = new PrefixTable(true);
        for (int i = 0; i < 1000; i++) {
            slash24.put(Ipv4Prefixes.pack(0x0A000000 + (i << 8), 24), i);
        }
        int base = slash24.find(Ipv4Prefixes.pack(0x0A001000, 24));
        assertThat(slash24.find(Ipv4Prefixes.pack(0x0A001100, 24))).isEqualTo(base + 1);
    }

    @Test
    void clearKeepsRoomOnlyForWhatItIsTold() {
        PrefixTable table = new PrefixTable(true);
        for (int i = 0; i < 100_000; i++) {
            table.put(Ipv4Prefixes.pack(i << 8, 24), i);
        }
        assertThat(table.capacity()).isGreaterThanOrEqualTo(131_072);
        table.clear(1000);
        assertThat(table.isEmpty()).isTrue();
        assertThat(table.capacity()).isEqualTo(2048);
        table.put(7, "x");
        assertThat(table.get(7)).isEqualTo("x");
    }
}
