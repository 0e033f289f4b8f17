package io.jcalico.bgp.fsm;

import io.jcalico.bgp.codec.Notification;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.util.Set;

/**
 * Why an established session ended.
 *
 * @param sent the NOTIFICATION we sent, or null
 * @param received the NOTIFICATION the peer sent, or null
 * @param gracefulRestart true when the peer's routes should be kept as stale for {@code restartTime}
 *     seconds (RFC 4724: the peer announced graceful restart and the connection was lost without a
 *     NOTIFICATION from it)
 * @param retained with {@code gracefulRestart}, the families whose routes are kept: those of the
 *     session that the peer's capability lists; the others go at once
 */
public record DownEvent(String reason, Notification sent, Notification received, boolean gracefulRestart,
                        int restartTime, Set<AddressFamily> retained) {
    public DownEvent {
        retained = Set.copyOf(retained);
    }
}
