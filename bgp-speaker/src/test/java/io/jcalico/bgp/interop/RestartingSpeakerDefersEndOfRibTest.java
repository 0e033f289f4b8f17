package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.config.StaticRouteConfig;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.server.BgpSpeaker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4724 §4.1, the restarting side: our speaker (127.0.79.71, a child process killed like a
 * crash) passes the routes of a third peer (another of our speakers, AS65003 on 127.0.79.73) on to
 * BIRD (127.0.79.72), which keeps them as stale while we restart. Restarted, we must not send BIRD
 * our End-of-RIB (which makes it purge what we did not send again) before the third peer's
 * End-of-RIB gave us its routes back: BIRD waits in graceful restart for as long as the third
 * peer stays away, then gets everything at once and never withdraws the third peer's route. With
 * the third peer gone for good, the selection deferral timer ends the wait.
 */
class RestartingSpeakerDefersEndOfRibTest extends BirdPair {
    static final String OWN = "198.18.71.0/24";
    static final String REFLECTED = "198.18.73.0/24";
    static final Duration HELD = Duration.ofSeconds(4);

    final int thirdPort = InteropScenarios.freePort();
    SpeakerProcess process;
    BgpSpeaker third;

    @Override
    int base() {
        return 70;
    }

    String thirdAddress() {
        return "127.0.79." + (base() + 3);
    }

    @AfterEach
    void stopOthers() throws Exception {
        if (third != null) {
            third.close();
        }
        if (process != null) {
            process.close();
        }
    }

    String protocol() {
        return bird.birdc("show protocols all " + birdProtocol());
    }

    /** BIRD is waiting for our End-of-RIB, keeping our routes as stale. */
    boolean birdWaitsForOurEndOfRib() {
        return protocol().contains("Neighbor GR:");
    }

    SpeakerConfig restartingConfig() {
        NeighborConfig thirdPeer = NeighborConfig.of(thirdAddress(), thirdPort, 65003).withLocalAddress(ours())
                .withNextHops("198.18.0." + (base() + 1), "fd00::" + (base() + 1));
        return ourConfig(birdAsNeighbor()).withNeighbor(thirdPeer)
                .withStaticRoute(new StaticRouteConfig(OWN, null, null, null, null));
    }

    /** The third peer: originates {@link #REFLECTED}, connects to us. */
    BgpSpeaker startThird() throws InterruptedException {
        return BgpSpeaker.start(SpeakerConfig.of("198.18.0." + (base() + 3), 65003, thirdAddress(), thirdPort)
                .withTimers(30, 1, 120)
                .withNeighbor(NeighborConfig.of(ours(), ourPort, 65001).withLocalAddress(thirdAddress())
                        .withNextHops("198.18.0." + (base() + 3), "fd00::" + (base() + 3)))
                .withStaticRoute(new StaticRouteConfig(REFLECTED, null, null, null, null)));
    }

    /** All three up, BIRD holding our route and the third peer's; then we are killed, the third peer stops. */
    SpeakerConfig runThenCrash() throws Exception {
        bird = new BirdDaemon(birdConfig());
        bird.start();
        SpeakerConfig config = restartingConfig();
        process = new SpeakerProcess();
        process.start(config);
        third = startThird();
        bird.awaitEstablished(ip(ours()), SESSION);
        bird.awaitReceivedCount(ip(ours()), Family.IPV4, 2, SESSION);

        process.kill();
        bird.awaitDown(ip(ours()), SESSION);
        third.close(); // its Cease goes nowhere: we are dead
        third = null;
        assertThat(bird.receivedCount(ip(ours()), Family.IPV4)).as("kept stale by BIRD").isEqualTo(2);
        return config;
    }

    @Test
    void birdGetsOurEndOfRibOnlyAfterTheThirdPeersSoItNeverLosesTheReflectedRoute() throws Exception {
        SpeakerConfig config = runThenCrash();
        List<String> before = BirdGracefulRestartTest.routeTimes(bird, birdProtocol(), Family.IPV4);
        Thread.sleep(1100); // a re-learnt route would show a later time

        process.start(config.withRestartState(true, List.of("ipv4-unicast", "ipv6-unicast")));
        bird.awaitEstablished(ip(ours()), SESSION);
        // BIRD's own End-of-RIB came, the third peer's cannot: we stay silent, BIRD keeps waiting
        Thread.sleep(HELD.toMillis());
        assertThat(birdWaitsForOurEndOfRib()).as("BIRD still waiting for our End-of-RIB").isTrue();
        assertThat(bird.receivedCount(ip(ours()), Family.IPV4)).isEqualTo(2);

        third = startThird();
        await().atMost(SESSION).until(() -> !birdWaitsForOurEndOfRib());
        assertThat(bird.receivedRoutes(ip(ours()), Family.IPV4)).extracting(r -> r.prefix().toCanonicalString())
                .containsExactlyInAnyOrder(OWN, REFLECTED);
        assertThat(BirdGracefulRestartTest.routeTimes(bird, birdProtocol(), Family.IPV4))
                .as("no route re-learnt").isEqualTo(before);
        assertThat(BirdGracefulRestartTest.importWithdraws(protocol())).containsOnly(0);
    }

    @Test
    void withTheThirdPeerGoneTheSelectionDeferralTimerEndsTheWait() throws Exception {
        SpeakerConfig config = runThenCrash();
        int deferral = 5;
        process.start(config.withRestartState(true, List.of("ipv4-unicast", "ipv6-unicast"))
                .withSelectionDeferralTime(deferral));
        bird.awaitEstablished(ip(ours()), SESSION);
        long up = System.nanoTime();
        await().atMost(SESSION).pollInterval(Duration.ofMillis(200)).until(() -> !birdWaitsForOurEndOfRib());
        Duration waited = Duration.ofNanos(System.nanoTime() - up);
        assertThat(waited).as("End-of-RIB held back by the timer").isGreaterThan(Duration.ofSeconds(deferral - 2));
        // our End-of-RIB came without the third peer's route: BIRD purged it, kept ours
        await().atMost(SESSION).until(() -> bird.receivedCount(ip(ours()), Family.IPV4) == 1);
        assertThat(bird.receivedRoutes(ip(ours()), Family.IPV4)).extracting(r -> r.prefix().toCanonicalString())
                .containsExactly(OWN);
        assertThat(process.log()).contains("selection deferral timer expired");
    }
}
