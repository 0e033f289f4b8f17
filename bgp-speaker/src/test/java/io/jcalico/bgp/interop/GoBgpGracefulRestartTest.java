package io.jcalico.bgp.interop;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.GoBgpDaemon;
import java.util.List;

/** Graceful restart both ways against GoBGP ({@code graceful-restart} per neighbour, restarted with {@code -r}). */
class GoBgpGracefulRestartTest extends GracefulRestartScenarios {
    @Override
    DaemonKind kind() {
        return DaemonKind.GOBGP;
    }

    @Override
    int base() {
        return 90;
    }

    @Override
    List<IPAddress> staleFromUs(Family family) {
        return ((GoBgpDaemon) daemon).staleRoutes(ip(ours()), family);
    }
}
