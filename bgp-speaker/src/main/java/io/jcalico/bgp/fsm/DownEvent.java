package io.jcalico.bgp.fsm;

import io.jcalico.bgp.codec.Notification;

/**
 * Why an established session ended.
 *
 * @param sent the NOTIFICATION we sent, or null
 * @param received the NOTIFICATION the peer sent, or null
 * @param gracefulRestart true when the peer's routes should be kept as stale for {@code restartTime}
 *     seconds (RFC 4724: the peer announced graceful restart and the connection was lost without a
 *     NOTIFICATION from it)
 */
public record DownEvent(String reason, Notification sent, Notification received, boolean gracefulRestart,
                        int restartTime) {
}
