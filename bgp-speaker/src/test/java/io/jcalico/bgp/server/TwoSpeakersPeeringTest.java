package io.jcalico.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.rib.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two of our speakers on 127.0.78.x: sessions come up, routes of both families flow both ways and go away. */
class TwoSpeakersPeeringTest {
    static final String A = "127.0.78.1";
    static final String B = "127.0.78.2";

    BgpSpeaker a;
    BgpSpeaker b;
    final Map<String, Path> seenByA = new ConcurrentHashMap<>();
    final Map<String, Path> seenByB = new ConcurrentHashMap<>();

    @AfterEach
    void tearDown() {
        if (b != null) {
            b.close();
        }
        if (a != null) {
            a.close();
        }
    }

    void start(long asA, long asB) throws Exception {
        a = BgpSpeaker.start(SpeakerConfig.of("198.18.0.1", asA, A, 0).withTimers(9, 1, 120)
                .withNeighbor(NeighborConfig.of(B, 179, asB).withPassive(true).withNextHops(null, "fd00::1")));
        b = BgpSpeaker.start(SpeakerConfig.of("198.18.0.2", asB, B, 0).withTimers(9, 1, 120)
                .withNeighbor(NeighborConfig.of(A, a.listenPort(), asA).withLocalAddress(B).withNextHops(null, "fd00::2")));
        a.addBestPathListener((f, p, best) -> record(seenByA, p, best)).join();
        b.addBestPathListener((f, p, best) -> record(seenByB, p, best)).join();
        assertThat(a.awaitState(B, SessionState.ESTABLISHED, 10_000)).isTrue();
        assertThat(b.awaitState(A, SessionState.ESTABLISHED, 10_000)).isTrue();
    }

    static void record(Map<String, Path> seen, IPAddress prefix, Path best) {
        if (best == null) {
            seen.remove(prefix.toCanonicalString());
        } else {
            seen.put(prefix.toCanonicalString(), best);
        }
    }

    @Test
    void ebgpRoutesOfBothFamiliesFlowBothWaysAndAreWithdrawn() throws Exception {
        start(65001, 65002);
        a.originate("198.18.64.0/26").join();
        a.originate("fd00:64::/122").join();
        b.originate("198.18.65.0/26").join();
        // each Loc-RIB holds its own route and the other's
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.size() == 3 && seenByA.size() == 3);
        Path v4 = seenByB.get("198.18.64.0/26");
        assertThat(v4.attributes().asPath().flatten()).containsExactly(65001L);
        assertThat(v4.attributes().nextHop().address().toCanonicalString()).isEqualTo(A);
        Path v6 = seenByB.get("fd00:64::/122");
        assertThat(v6.attributes().nextHop().address().toCanonicalString()).isEqualTo("fd00::1");
        assertThat(seenByA.get("198.18.65.0/26").attributes().asPath().flatten()).containsExactly(65002L);

        PeerStatus st = b.peer(A).join();
        assertThat(st.accepted(AddressFamily.IPV4_UNICAST)).isEqualTo(1);
        assertThat(st.accepted(AddressFamily.IPV6_UNICAST)).isEqualTo(1);
        assertThat(st.advertised(AddressFamily.IPV4_UNICAST)).isEqualTo(1);
        assertThat(st.negotiatedHoldTime()).isEqualTo(9);
        assertThat(st.remoteRouterId()).isEqualTo("198.18.0.1");

        a.withdraw("198.18.64.0/26").join();
        a.withdraw("fd00:64::/122").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.keySet().equals(java.util.Set.of("198.18.65.0/26")));
        assertThat(b.peer(A).join().accepted(AddressFamily.IPV4_UNICAST)).isZero();
    }

    @Test
    void ibgpKeepsTheNextHopAndSetsLocalPref() throws Exception {
        start(65001, 65001);
        a.originate("198.18.64.0/26").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByB.containsKey("198.18.64.0/26"));
        Path p = seenByB.get("198.18.64.0/26");
        assertThat(p.attributes().asPath().isEmpty()).isTrue();
        assertThat(p.attributes().localPref()).isEqualTo(100);
        assertThat(p.attributes().nextHop().address().toCanonicalString()).isEqualTo(A);
    }

    @Test
    void closingOneSpeakerTakesItsRoutesAwayFromTheOther() throws Exception {
        start(65001, 65002);
        b.originate("198.18.65.0/26").join();
        await().atMost(Duration.ofSeconds(10)).until(() -> seenByA.containsKey("198.18.65.0/26"));
        b.close();
        b = null;
        await().atMost(Duration.ofSeconds(10)).until(() -> !seenByA.containsKey("198.18.65.0/26"));
        PeerStatus st = a.peer(B).join();
        assertThat(st.state()).isIn(SessionState.ACTIVE, SessionState.IDLE);
        assertThat(st.lastError()).contains("speaker shutting down");
    }
}
