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
 * @param forwardingPreserved families whose forwarding state survived our restart: the F bit of the
 *     first session's OPEN (later sessions of a running speaker set it for every family)
 * @param keepaliveTime configured seconds between our KEEPALIVEs, at most a third of the negotiated
 *     hold time (0: a third of it)
 */
public record SessionSettings(long localAs, int routerId, IPAddress peerAddress, long peerAs, boolean passive,
                              int holdTime, Duration connectRetry, Duration maxBackoff, Set<AddressFamily> families,
                              int restartTime, boolean extendedMessages, Set<AddressFamily> forwardingPreserved,
                              int keepaliveTime) {
    public static final int DEFAULT_HOLD_TIME = 90;
    /** Hold time while waiting for the peer's OPEN (RFC 4271 §8: "a large value", 4 minutes). */
    public static final int OPEN_HOLD_TIME = 240;

    public SessionSettings {
        Objects.requireNonNull(peerAddress);
        if (holdTime != 0 && (holdTime < 3 || holdTime > 0xFFFF)) {
            throw new IllegalArgumentException("hold time must be 0 or 3..65535: " + holdTime);
        }
        families = Set.copyOf(families);
        forwardingPreserved = Set.copyOf(forwardingPreserved);
        if (families.isEmpty()) {
            throw new IllegalArgumentException("no address family");
        }
        if (keepaliveTime < 0) {
            throw new IllegalArgumentException("keepalive time must not be negative: " + keepaliveTime);
        }
    }

    /** With keepalives at a third of the hold time. */
    public SessionSettings(long localAs, int routerId, IPAddress peerAddress, long peerAs, boolean passive,
                           int holdTime, Duration connectRetry, Duration maxBackoff, Set<AddressFamily> families,
                           int restartTime, boolean extendedMessages, Set<AddressFamily> forwardingPreserved) {
        this(localAs, routerId, peerAddress, peerAs, passive, holdTime, connectRetry, maxBackoff, families,
                restartTime, extendedMessages, forwardingPreserved, 0);
    }

    public boolean gracefulRestart() {
        return restartTime >= 0;
    }

    public boolean internal() {
        return localAs == peerAs;
    }
}
