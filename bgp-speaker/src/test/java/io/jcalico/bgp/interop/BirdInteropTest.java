package io.jcalico.bgp.interop;

import io.jcalico.bgp.routers.DaemonKind;

/** Our speaker against BIRD 2 (bird -c, on loopback with multihop). */
class BirdInteropTest extends InteropScenarios {
    @Override
    DaemonKind kind() {
        return DaemonKind.BIRD;
    }

    @Override
    int base() {
        return 10;
    }

    @Override
    boolean reportsBadPeerAs(String text) {
        return text.contains("Bad peer AS");
    }
}
