package io.jcalico.bgp.fsm;

import io.jcalico.bgp.codec.Capability;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.util.Set;

/**
 * What both OPENs agreed on.
 *
 * @param holdTime negotiated hold time, seconds (the smaller of both; 0 means none)
 * @param families announced by both sides
 * @param peerGracefulRestart the peer's graceful restart capability, or null
 */
public record Negotiated(Open local, Open remote, int holdTime, Set<AddressFamily> families, boolean fourOctetAs,
                         boolean extendedMessages, boolean routeRefresh, boolean enhancedRouteRefresh,
                         Capability.GracefulRestart peerGracefulRestart) {

    public static Negotiated of(Open local, Open remote) {
        int hold = Math.min(local.holdTime(), remote.holdTime());
        Set<AddressFamily> families = new java.util.LinkedHashSet<>(local.families());
        families.retainAll(remote.families());
        boolean gr = local.has(Capability.GracefulRestart.class);
        return new Negotiated(local, remote, hold, Set.copyOf(families),
                local.has(Capability.FourOctetAs.class) && remote.has(Capability.FourOctetAs.class),
                local.has(Capability.ExtendedMessage.class) && remote.has(Capability.ExtendedMessage.class),
                remote.has(Capability.RouteRefreshSupport.class),
                local.has(Capability.EnhancedRouteRefresh.class) && remote.has(Capability.EnhancedRouteRefresh.class),
                gr ? remote.capability(Capability.GracefulRestart.class).orElse(null) : null);
    }

    public CodecOptions codecOptions() {
        return new CodecOptions(fourOctetAs, extendedMessages);
    }

    /** Seconds between our KEEPALIVEs: a third of the hold time (0: none). */
    public int keepaliveTime() {
        return holdTime / 3;
    }

    /**
     * Seconds between our KEEPALIVEs when {@code configured} (0: not) is asked for: never more than
     * a third of the negotiated hold time (RFC 4271 §4.4), none when the hold time is 0.
     */
    public int keepaliveTime(int configured) {
        return configured > 0 && holdTime > 0 ? Math.max(1, Math.min(configured, keepaliveTime())) : keepaliveTime();
    }

    public long peerAs() {
        return remote.asn();
    }

    public int peerRouterId() {
        return remote.bgpId();
    }
}
