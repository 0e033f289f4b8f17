package io.jcalico.bgp.interop;

import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.server.BgpSpeaker;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;

/**
 * Our speaker (AS65001, 127.0.79.(base+1)) and one BIRD (AS65002, 127.0.79.(base+2)) on free
 * ports, eBGP, both families; subclasses pick the base and the scenario, this cleans up.
 */
abstract class BirdPair extends LoopbackPair {
    static final Duration SESSION = Duration.ofSeconds(60);

    final int ourPort = InteropScenarios.freePort();
    final int birdPort = InteropScenarios.freePort();
    BirdDaemon bird;
    BgpSpeaker speaker;

    /** BIRD's name for its session to us (for birdc). */
    String birdProtocol() {
        return "peer_" + ours().replace('.', '_');
    }

    RouterConfig birdConfig() {
        return birdConfig(UnaryOperator.identity());
    }

    /** BIRD's config, its neighbour (us) changed by {@code change}. */
    RouterConfig birdConfig(UnaryOperator<Neighbor> change) {
        return RouterConfig.of((IPv4Address) ip("198.18.0." + (base() + 2)), 65002, ip(theirs()), birdPort)
                .withNeighbor(change.apply(Neighbor.of(ip(ours()), ourPort, 65001).withMultihop(true).withHoldTime(30)
                        .withConnectRetry(1)))
                .withNextHops(ip("198.18.0." + (base() + 2)), ip("fd00::" + (base() + 2)));
    }

    NeighborConfig birdAsNeighbor() {
        return NeighborConfig.of(theirs(), birdPort, 65002).withLocalAddress(ours())
                .withNextHops("198.18.0." + (base() + 1), "fd00::" + (base() + 1));
    }

    SpeakerConfig ourConfig(NeighborConfig neighbor) {
        return SpeakerConfig.of("198.18.0." + (base() + 1), 65001, ours(), ourPort).withTimers(30, 1, 120)
                .withNeighbor(neighbor);
    }

    @AfterEach
    void closeBoth() {
        if (speaker != null) {
            speaker.close();
        }
        if (bird != null) {
            bird.close();
        }
    }
}
