package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.Route;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.server.BgpSpeaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calico's {@code nextHopMode: Keep} against BIRD 2: a cluster node (BIRD, iBGP, 127.0.79.122)
 * originates a block with itself as next hop; our speaker (127.0.79.121) passes it to two eBGP
 * BIRDs, a ToR with {@code nextHopKeep} (127.0.79.123) and one without (127.0.79.124).
 */
class BirdNextHopKeepTest {
    static final Duration SESSION = Duration.ofSeconds(60);
    static final IPAddress NODE_BLOCK = ip("198.18.122.0/26");
    static final IPAddress OUR_BLOCK = ip("198.18.121.0/26");

    final List<BirdDaemon> birds = new ArrayList<>();
    BgpSpeaker speaker;
    final int ourPort = InteropScenarios.freePort();

    static IPAddress ip(String s) {
        return new IPAddressString(s).getAddress();
    }

    static String lo(int host) {
        return "127.0.79." + host;
    }

    /** A BIRD at 127.0.79.host in {@code as}, peering with us, announcing 198.18.0.host as its next hop. */
    BirdDaemon bird(int host, long as, int port, List<IPAddress> originate) throws Exception {
        BirdDaemon b = new BirdDaemon(RouterConfig.of((IPv4Address) ip("198.18.0." + host), as, ip(lo(host)), port)
                .withNeighbor(Neighbor.of(ip(lo(121)), ourPort, 65001).withMultihop(true).withHoldTime(30)
                        .withConnectRetry(1))
                .withNextHops(ip("198.18.0." + host), ip("fd00::" + host))
                .withOriginate(originate));
        birds.add(b);
        b.start();
        return b;
    }

    static Optional<IPAddress> nextHopOf(BirdDaemon b, IPAddress prefix) {
        return b.receivedRoutes(ip(lo(121)), Family.IPV4).stream().filter(r -> r.prefix().equals(prefix))
                .findFirst().flatMap(Route::nextHop);
    }

    @Test
    void torWithNextHopKeepGetsTheOriginatingNodeAsNextHopTheOtherGetsUs() throws Exception {
        int[] ports = {InteropScenarios.freePort(), InteropScenarios.freePort(), InteropScenarios.freePort()};
        bird(122, 65001, ports[0], List.of(NODE_BLOCK));
        BirdDaemon keep = bird(123, 65002, ports[1], List.of());
        BirdDaemon auto = bird(124, 65003, ports[2], List.of());
        SpeakerConfig c = SpeakerConfig.of("198.18.0.121", 65001, lo(121), ourPort).withTimers(30, 1, 120)
                .withNeighbor(neighbour(122, ports[0], 65001))
                .withNeighbor(neighbour(123, ports[1], 65002).withNextHopKeep(true))
                .withNeighbor(neighbour(124, ports[2], 65003));
        speaker = BgpSpeaker.start(c);
        for (int host : new int[] {122, 123, 124}) {
            assertThat(speaker.awaitState(lo(host), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        }
        speaker.originate(OUR_BLOCK.toCanonicalString()).join();
        await().atMost(SESSION).until(() -> nextHopOf(keep, NODE_BLOCK).isPresent() && nextHopOf(keep, OUR_BLOCK).isPresent()
                && nextHopOf(auto, NODE_BLOCK).isPresent() && nextHopOf(auto, OUR_BLOCK).isPresent());
        assertThat(nextHopOf(keep, NODE_BLOCK)).contains(ip("198.18.0.122"));
        assertThat(nextHopOf(keep, OUR_BLOCK)).contains(ip("198.18.0.121"));
        assertThat(nextHopOf(auto, NODE_BLOCK)).contains(ip("198.18.0.121"));
        assertThat(nextHopOf(auto, OUR_BLOCK)).contains(ip("198.18.0.121"));
    }

    NeighborConfig neighbour(int host, int port, long as) {
        return NeighborConfig.of(lo(host), port, as).withLocalAddress(lo(121)).withNextHops("198.18.0.121", "fd00::121");
    }

    @AfterEach
    void closeAll() {
        if (speaker != null) {
            speaker.close();
        }
        birds.forEach(BirdDaemon::close);
    }
}
