package io.jcalico.bgp.interop;

import io.jcalico.bgp.routers.DaemonKind;

/** Our speaker against FRR bgpd standalone (no zebra). */
class FrrInteropTest extends InteropScenarios {
    @Override
    DaemonKind kind() {
        return DaemonKind.FRR;
    }

    @Override
    int base() {
        return 20;
    }

    @Override
    boolean reportsBadPeerAs(String text) {
        return text.contains("Bad Peer AS");
    }
}
