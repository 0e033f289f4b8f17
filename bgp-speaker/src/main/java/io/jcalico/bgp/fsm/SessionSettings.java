package io.jcalico.bgp.fsm;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * What one neighbour's session needs to know: who we are, who the peer must be, what we offer.
 *
 * @param holdTime proposed hold time in seconds (0 disables keepalives, else at least 3)
 * @param connectRetry first wait before reconnecting; doubles per failure up to {@code maxBackoff}
 * @param restartTime our graceful restart time announced, seconds; negative disables GR
 */
public record SessionSettings(long localAs, int routerId, IPAddress peerAddress, long peerAs, boolean passive,
                              int holdTime, Duration connectRetry, Duration maxBackoff, Set<AddressFamily> families,
                              int restartTime, boolean extendedMessages) {
    public static final int DEFAULT_HOLD_TIME = 90;
    /** Hold time while waiting for the peer's OPEN (RFC 4271 §8: "a large value", 4 minutes). */
    public static final int OPEN_HOLD_TIME = 240;

    public SessionSettings {
        Objects.requireNonNull(peerAddress);
        if (holdTime != 0 && (holdTime < 3 || holdTime > 0xFFFF)) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535: " + holdTime);
        }
        families = Set.copyOf(families);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("no address family");
        }
    }

    public boolean gracefulRestart() {
        return restartTime >= 0;
    }

    public boolean internal() {
        return localAs == peerAs;
    }
}
