package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.Route;
import io.jcalico.bgp.server.BgpSpeaker;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Session setup options against BIRD 2 on 127.0.79.111/112: TCP MD5 (RFC 2385, BIRD
 * {@code password}), GTSM (RFC 5082, BIRD {@code ttl security on; multihop 1}) and a per-peer local
 * AS. A session that must not come up is watched for several of BIRD's one-second retries.
 */
class BirdSessionSecurityTest extends BirdPair {
    static final Duration STAYS_DOWN = Duration.ofSeconds(8);

    @Override
    int base() {
        return 110;
    }

    void start(UnaryOperator<Neighbor> birdSide, NeighborConfig ourSide) throws Exception {
        bird = new BirdDaemon(birdConfig(birdSide));
        bird.start();
        speaker = BgpSpeaker.start(ourConfig(ourSide));
    }

    void assertEstablished() throws InterruptedException {
        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        await().atMost(SESSION).until(() -> bird.peer(ip(ours())).established());
    }

    void assertNeverEstablished() {
        await().during(STAYS_DOWN).atMost(STAYS_DOWN.plusSeconds(2))
                .until(() -> speaker.peer(theirs()).join().state() != SessionState.ESTABLISHED
                        && !bird.peer(ip(ours())).established());
    }

    @Test
    void matchingPasswordsEstablishTheSession() throws Exception {
        start(n -> n.withPassword("jcalico-md5"), birdAsNeighbor().withPassword("jcalico-md5"));
        assertEstablished();
    }

    @Test
    void wrongPasswordNeverEstablishes() throws Exception {
        start(n -> n.withPassword("jcalico-md5"), birdAsNeighbor().withPassword("not-the-key"));
        assertNeverEstablished();
    }

    @Test
    void passwordOnOurSideOnlyNeverEstablishes() throws Exception {
        start(n -> n, birdAsNeighbor().withPassword("jcalico-md5"));
        assertNeverEstablished();
    }

    @Test
    void ttlSecurityOnBothSidesEstablishesBecauseWeSendTtl255() throws Exception {
        // BIRD with ttl security and multihop 1 drops every segment below TTL 255 (loopback keeps the TTL)
        start(n -> n.withTtlSecurity(1), birdAsNeighbor().withTtlSecurity(1));
        assertEstablished();
    }

    @Test
    void ourTtlSecurityDropsAPeerSendingTtl64() throws Exception {
        // Plain multihop BIRD sends its OPEN with TTL 64, below our minimum of 255: it never reaches
        // us, so we never get past OpenSent. BIRD is passive: a connection we accept is checked only
        // from the accept on (as BIRD does), so an OPEN that came with the handshake would get through.
        start(n -> n.withPassive(true), birdAsNeighbor().withTtlSecurity(1));
        assertNeverEstablished();
        assertThat(speaker.peer(theirs()).join().state())
                .isIn(SessionState.CONNECT, SessionState.ACTIVE, SessionState.OPEN_SENT);
    }

    @Test
    void localAsnIsTheAsThePeerSeesAndPrependedToOurRoutes() throws Exception {
        start(n -> n.withRemoteAs(65010), birdAsNeighbor().withLocalAsn(65010L));
        assertEstablished();
        speaker.originate("198.18.111.0/26").join();
        await().atMost(SESSION).until(() -> !bird.receivedRoutes(ip(ours()), Family.IPV4).isEmpty());
        List<Route> got = bird.receivedRoutes(ip(ours()), Family.IPV4);
        assertThat(got).singleElement().satisfies(r -> assertThat(r.asPath()).containsExactly(65010L));
    }
}
