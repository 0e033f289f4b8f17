package io.jcalico.bgp.server;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * RFC 4724 §4.1 on the restarting side: after a restart nothing is advertised (no UPDATE, no
 * End-of-RIB) until every neighbour waited for has sent End-of-RIB for each family of its
 * session, so a peer is never told a partial table, which would make it purge the stale routes we
 * have not relearnt yet (a reflected route would flap). The speaker ends the wait early with
 * {@link #expire()} when its selection deferral timer fires (BIRD's {@code graceful restart wait},
 * FRR's {@code select-defer-time}).
 *
 * <p>Waited for: neighbours we offer graceful restart to, from when they are added until they sent
 * End-of-RIB for every family of the session. Not waited for (the RFC's exclusions): a peer whose
 * OPEN has no graceful restart capability (it may never send End-of-RIB) or has the Restart State
 * bit (it restarted too and defers its End-of-RIB until it has ours). A neighbour that never comes
 * up keeps the wait going until the timer, as in BIRD.
 *
 * <p>The wait ends when the last waited-for neighbour is done, not when there is none to start
 * with: an embedding process adds its neighbours after the speaker started. Not thread-safe: the
 * speaker's event loop only.
 */
final class SelectionDeferral {
    /** Families still owed End-of-RIB, per neighbour; empty set: not established yet. */
    private final Map<IPAddress, Set<AddressFamily>> waiting = new HashMap<>();
    private final Runnable done;
    private boolean active = true;

    /** @param done called once, when the wait ends */
    SelectionDeferral(Runnable done) {
        this.done = done;
    }

    boolean active() {
        return active;
    }

    /** A neighbour we offer graceful restart to was added during the wait. */
    void expect(IPAddress neighbor) {
        if (active) {
            waiting.put(neighbor, new HashSet<>());
        }
    }

    /**
     * A session came up. {@code families} are the session's; {@code peerGracefulRestart} whether the
     * peer's OPEN has the capability, {@code peerRestarting} its Restart State bit.
     */
    void established(IPAddress neighbor, Set<AddressFamily> families, boolean peerGracefulRestart,
                     boolean peerRestarting) {
        if (!active || !waiting.containsKey(neighbor)) {
            return;
        }
        if (!peerGracefulRestart || peerRestarting || families.isEmpty()) {
            finished(neighbor);
        } else {
            waiting.put(neighbor, new HashSet<>(families));
        }
    }

    /** The neighbour sent End-of-RIB for {@code family}. */
    void endOfRib(IPAddress neighbor, AddressFamily family) {
        Set<AddressFamily> owed = active ? waiting.get(neighbor) : null;
        if (owed != null && owed.remove(family) && owed.isEmpty()) {
            finished(neighbor);
        }
    }

    /** The neighbour was removed or stopped: nothing to wait for from it. */
    void forget(IPAddress neighbor) {
        if (active && waiting.containsKey(neighbor)) {
            finished(neighbor);
        }
    }

    /** The selection deferral timer fired. */
    void expire() {
        if (active) {
            waiting.clear();
            end();
        }
    }

    /** Neighbours still waited for (for the log line when the timer fires). */
    Set<IPAddress> pending() {
        return Set.copyOf(waiting.keySet());
    }

    private void finished(IPAddress neighbor) {
        waiting.remove(neighbor);
        if (waiting.isEmpty()) {
            end();
        }
    }

    private void end() {
        active = false;
        done.run();
    }
}
