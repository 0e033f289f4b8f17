package io.jcalico.bgp.fsm;

import io.jcalico.bgp.codec.RouteRefresh;
import io.jcalico.bgp.codec.Update;

/** What a neighbour's FSM tells the rest of the speaker. Called on the speaker's event loop. */
public interface SessionListener {

    /** Every transition of the neighbour's (overall) state. */
    default void stateChanged(PeerFsm peer, SessionState from, SessionState to, String reason) {
    }

    /** The session reached Established; routes may flow. */
    void established(PeerFsm peer, Negotiated negotiated);

    /** An established session ended. */
    void down(PeerFsm peer, DownEvent event);

    /** An UPDATE arrived on the established session (its RFC 7606 verdict still to be applied). */
    void update(PeerFsm peer, Update update);

    /** The peer asked for our routes again, or marks the begin/end of its own refresh (RFC 7313). */
    void routeRefresh(PeerFsm peer, RouteRefresh refresh);

    /** The outbound buffer drained below its low-water mark (to resume sending). */
    default void writable(PeerFsm peer) {
    }
}
