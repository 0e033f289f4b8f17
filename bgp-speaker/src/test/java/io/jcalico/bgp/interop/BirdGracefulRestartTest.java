package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.config.StaticRouteConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.rib.Path;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.server.BgpSpeaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4724 both ways against BIRD 2 on 127.0.79.51/52: our speaker killed and restarted with the
 * Restart State bit keeps its routes in BIRD's table without a flap; BIRD killed and restarted
 * gracefully ({@code bird -R}) has its routes kept stale by us, refreshed by what it sends again
 * and the rest purged at its End-of-RIB.
 */
class BirdGracefulRestartTest extends BirdPair {
    static final String KEPT4 = "198.18.52.0/24";
    static final String KEPT6 = "fd00:52::/64";
    static final String DROPPED4 = "198.18.53.0/24";
    static final Pattern ROUTE_TIME = Pattern.compile("\\[peer_\\S+ ([0-9:.]+)\\]");

    SpeakerProcess process;

    @Override
    int base() {
        return 50;
    }

    @AfterEach
    void killOurProcess() throws Exception {
        if (process != null) {
            process.close();
        }
    }

    /** BIRD's view of its session to us, capabilities and graceful restart state included. */
    String protocol() {
        return bird.birdc("show protocols all " + birdProtocol());
    }

    List<String> routeTimes(Family family) {
        return routeTimes(bird, birdProtocol(), family);
    }

    /** BIRD's "since" time of each route from a protocol: re-learnt routes get a new one. */
    static List<String> routeTimes(BirdDaemon bird, String protocol, Family family) {
        String out = bird.birdc("show route protocol " + protocol + " table "
                + (family == Family.IPV4 ? "master4" : "master6"));
        Matcher m = ROUTE_TIME.matcher(out);
        List<String> times = new ArrayList<>();
        while (m.find()) {
            times.add(m.group(1));
        }
        return times;
    }

    @Test
    void ourSpeakerKilledAndRestartedKeepsItsRoutesInBirdWithoutAFlap() throws Exception {
        bird = new BirdDaemon(birdConfig());
        bird.start();
        SpeakerConfig config = ourConfig(birdAsNeighbor())
                .withStaticRoute(new StaticRouteConfig("198.18.51.0/24", null, null, null, null))
                .withStaticRoute(new StaticRouteConfig("fd00:51::/64", null, null, null, null));
        process = new SpeakerProcess();
        process.start(config);
        bird.awaitEstablished(ip(ours()), SESSION);
        bird.awaitReceivedCount(ip(ours()), Family.IPV4, 1, SESSION);
        bird.awaitReceivedCount(ip(ours()), Family.IPV6, 1, SESSION);
        assertThat(protocol()).contains("Neighbor capabilities").contains("Graceful restart");
        List<String> before4 = routeTimes(Family.IPV4);
        List<String> before6 = routeTimes(Family.IPV6);

        process.kill();
        bird.awaitDown(ip(ours()), SESSION);
        // BIRD holds our routes, stale, for our restart time.
        assertThat(protocol()).contains("Neighbor graceful restart active").contains("Restart timer:");
        assertThat(bird.receivedCount(ip(ours()), Family.IPV4)).isEqualTo(1);
        assertThat(bird.receivedCount(ip(ours()), Family.IPV6)).isEqualTo(1);
        Thread.sleep(1500); // so a re-learnt route would show a later time

        process.start(config.withRestartState(true, List.of("ipv4-unicast", "ipv6-unicast")));
        bird.awaitEstablished(ip(ours()), SESSION);
        assertThat(protocol()).contains("Restart recovery").contains("AF preserved: ipv4 ipv6");
        // Our End-of-RIB ends BIRD's wait; the routes it kept are the ones we sent again.
        await().atMost(SESSION).until(() -> !protocol().contains("Neighbor GR:"));
        assertThat(bird.receivedCount(ip(ours()), Family.IPV4)).isEqualTo(1);
        assertThat(bird.receivedCount(ip(ours()), Family.IPV6)).isEqualTo(1);
        assertThat(routeTimes(Family.IPV4)).isEqualTo(before4);
        assertThat(routeTimes(Family.IPV6)).isEqualTo(before6);
        assertThat(importWithdraws(protocol())).containsOnly(0);
    }

    /** The "Import withdraws" received column of each channel. */
    static List<Integer> importWithdraws(String protocol) {
        Matcher m = Pattern.compile("Import withdraws:\\s+(\\d+)").matcher(protocol);
        List<Integer> out = new ArrayList<>();
        while (m.find()) {
            out.add(Integer.parseInt(m.group(1)));
        }
        return out;
    }

    @Test
    void birdRestartingGracefullyHasItsRoutesKeptStaleThenRefreshedOrPurgedAtItsEndOfRib() throws Exception {
        RouterConfig config = birdConfig().withGracefulRestart(120)
                .withOriginated(ip(KEPT4)).withOriginated(ip(KEPT6)).withOriginated(ip(DROPPED4));
        bird = new BirdDaemon(config);
        bird.start();
        speaker = BgpSpeaker.start(ourConfig(birdAsNeighbor()));
        BestPathRecorder best = BestPathRecorder.attach(speaker);
        Map<String, Path> seen = best.seen;
        List<String> removed = best.removed;
        await().atMost(SESSION).until(() -> seen.keySet().equals(Set.of(KEPT4, KEPT6, DROPPED4)));

        bird.restartGracefully(config.withoutOriginated(ip(DROPPED4)));
        // While BIRD is gone (and until its End-of-RIB) every route stays, stale.
        await().atMost(SESSION).until(() -> seen.values().stream().allMatch(Path::stale));
        assertThat(seen.keySet()).containsExactlyInAnyOrder(KEPT4, KEPT6, DROPPED4);
        assertThat(speaker.query(rib -> rib.peers().get(0).counters(AddressFamily.IPV4_UNICAST).stale()).join())
                .isEqualTo(2);

        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        await().atMost(SESSION).until(() -> seen.keySet().equals(Set.of(KEPT4, KEPT6))
                && seen.values().stream().noneMatch(Path::stale));
        // Only the route BIRD did not send again went away; the others were never withdrawn.
        assertThat(removed).containsExactly(DROPPED4);
        assertThat(protocol()).contains("Restart recovery");
    }
}
