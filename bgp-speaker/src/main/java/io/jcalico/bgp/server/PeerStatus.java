package io.jcalico.bgp.server;

import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.fsm.SessionState;
import java.util.Map;

/** A snapshot of one neighbour for status displays and the API. */
public record PeerStatus(NeighborConfig config, SessionState state, long stateSinceMillis, long uptimeMillis,
                         String remoteRouterId, int negotiatedHoldTime, Map<AddressFamily, Counters> counters,
                         String lastError, long updatesReceived, long updatesSent) {

    /** Prefixes of one family: received from the peer, accepted by import policy, advertised to it. */
    public record Counters(long received, long accepted, long advertised) {
    }

    public long accepted(AddressFamily family) {
        Counters c = counters.get(family);
        return c == null ? 0 : c.accepted();
    }

    public long advertised(AddressFamily family) {
        Counters c = counters.get(family);
        return c == null ? 0 : c.advertised();
    }
}
