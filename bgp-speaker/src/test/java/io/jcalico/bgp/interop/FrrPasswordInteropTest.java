package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.routers.RouterDaemon;
import io.jcalico.bgp.server.BgpSpeaker;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * TCP MD5 (RFC 2385) against FRR 8 bgpd ({@code neighbor X password Y}) on 127.0.79.131/132: the
 * session comes up only when both sides have the same key. A session that must not come up is
 * watched for several of FRR's one-second connect retries.
 */
class FrrPasswordInteropTest {
    static final Duration SESSION = Duration.ofSeconds(60);
    static final Duration STAYS_DOWN = Duration.ofSeconds(8);
    static final String OURS = "127.0.79.131";
    static final String THEIRS = "127.0.79.132";

    final int ourPort = InteropScenarios.freePort();
    final int frrPort = InteropScenarios.freePort();
    RouterDaemon frr;
    BgpSpeaker speaker;

    static IPAddress ip(String s) {
        return new IPAddressString(s).getAddress();
    }

    /** FRR with {@code frrKey} (null: none) for us, our speaker with {@code ourKey} for FRR. */
    void start(String frrKey, String ourKey) throws Exception {
        Neighbor us = Neighbor.of(ip(OURS), ourPort, 65001).withMultihop(true).withHoldTime(30).withConnectRetry(1);
        frr = DaemonKind.FRR.create(RouterConfig.of((IPv4Address) ip("198.18.0.132"), 65002, ip(THEIRS), frrPort)
                .withNeighbor(frrKey == null ? us : us.withPassword(frrKey)));
        frr.start();
        speaker = BgpSpeaker.start(SpeakerConfig.of("198.18.0.131", 65001, OURS, ourPort).withTimers(30, 1, 120)
                .withNeighbor(NeighborConfig.of(THEIRS, frrPort, 65002).withLocalAddress(OURS).withPassword(ourKey)));
    }

    @Test
    void matchingPasswordsEstablishTheSession() throws Exception {
        start("jcalico-md5", "jcalico-md5");
        assertThat(speaker.awaitState(THEIRS, SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        await().atMost(SESSION).until(() -> frr.peer(ip(OURS)).established());
    }

    @Test
    void wrongPasswordNeverEstablishes() throws Exception {
        start("jcalico-md5", "not-the-key");
        assertNeverEstablished();
    }

    @Test
    void passwordOnFrrsSideOnlyNeverEstablishes() throws Exception {
        start("jcalico-md5", null);
        assertNeverEstablished();
    }

    void assertNeverEstablished() {
        await().during(STAYS_DOWN).atMost(STAYS_DOWN.plusSeconds(2))
                .until(() -> speaker.peer(THEIRS).join().state() != SessionState.ESTABLISHED
                        && !frr.peer(ip(OURS)).established());
    }

    @AfterEach
    void closeBoth() throws Exception {
        if (speaker != null) {
            speaker.close();
        }
        if (frr != null) {
            frr.close();
        }
    }
}
