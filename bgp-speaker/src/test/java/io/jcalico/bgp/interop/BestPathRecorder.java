package io.jcalico.bgp.interop;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.rib.BestPathListener;
import io.jcalico.bgp.rib.Path;
import io.jcalico.bgp.server.BgpSpeaker;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A speaker's best paths as its listener reports them ({@link #seen}, by prefix) and every prefix
 * that lost its last path ({@link #removed}, in order). {@link #attach} also takes what the Loc-RIB
 * held before, so routes learnt while the speaker was starting are not missed.
 */
final class BestPathRecorder implements BestPathListener {
    final Map<String, Path> seen = new ConcurrentHashMap<>();
    final List<String> removed = new CopyOnWriteArrayList<>();

    static BestPathRecorder attach(BgpSpeaker speaker) {
        BestPathRecorder r = new BestPathRecorder();
        speaker.addBestPathListener(r).join();
        // after the listener, on the same loop: nothing falls between the snapshot and the events
        speaker.query(rib -> {
            for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
                rib.locRib(f, e -> {
                    if (e.best()) {
                        r.seen.put(e.prefix().toCanonicalString(), e.path());
                    }
                });
            }
            return null;
        }).join();
        return r;
    }

    @Override
    public void bestPathChanged(AddressFamily family, IPAddress prefix, Path best) {
        if (best == null) {
            seen.remove(prefix.toCanonicalString());
            removed.add(prefix.toCanonicalString());
        } else {
            seen.put(prefix.toCanonicalString(), best);
        }
    }
}
