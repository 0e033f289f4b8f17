package io.jcalico.bgp.interop;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.FrrBgpd;
import java.util.List;

/**
 * Graceful restart both ways against FRR bgpd ({@code bgp graceful-restart}; bgpd sets the Restart
 * State bit by itself in its startup window).
 */
class FrrGracefulRestartTest extends GracefulRestartScenarios {
    @Override
    DaemonKind kind() {
        return DaemonKind.FRR;
    }

    @Override
    int base() {
        return 80;
    }

    /**
     * No: FRR 8.4 restarting sends End-of-RIB as soon as its deferral ends, before the UPDATEs of
     * its own routes (they wait for its update-group coalescing), so a helper purges them and
     * relearns them a moment later (FRRouting/frr issues 20165, 22623).
     */
    @Override
    boolean sendsItsRoutesBeforeEndOfRib() {
        return false;
    }

    @Override
    List<IPAddress> staleFromUs(Family family) {
        return ((FrrBgpd) daemon).staleRoutes(ip(ours()), family);
    }
}
