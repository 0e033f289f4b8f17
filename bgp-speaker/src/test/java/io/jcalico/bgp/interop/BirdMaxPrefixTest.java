package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.routers.BirdDaemon;
import io.jcalico.bgp.server.BgpSpeaker;
import io.jcalico.bgp.server.PeerStatus;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The prefix limit against BIRD on 127.0.79.61/62: BIRD sends three prefixes to a neighbour
 * limited to two, gets Cease/Maximum Number of Prefixes Reached, and the session stays down
 * (BIRD retrying every second is refused) until an operator resets it, or until the configured
 * restart timer starts it again.
 */
class BirdMaxPrefixTest extends BirdPair {
    static final String[] PREFIXES = {"198.18.62.0/26", "198.18.62.64/26", "198.18.62.128/26"};

    @Override
    int base() {
        return 60;
    }

    PeerStatus ourView() {
        return speaker.peer(theirs()).join();
    }

    /** Starts BIRD with three prefixes and us with a limit of two; returns once we stopped the session. */
    void exceedTheLimit(Integer restartSeconds) throws Exception {
        var config = birdConfig();
        for (String p : PREFIXES) {
            config = config.withOriginated(ip(p));
        }
        bird = new BirdDaemon(config);
        bird.start();
        speaker = BgpSpeaker.start(ourConfig(birdAsNeighbor().withMaxPrefixes(2, restartSeconds)));
        await().atMost(SESSION).until(() -> ourView().lastError().contains("Maximum Number of Prefixes Reached"));
        assertThat(ourView().state()).isEqualTo(SessionState.IDLE);
        await().atMost(SESSION).until(() -> bird.peer(ip(ours())).lastError().contains("Maximum number of prefixes"));
        assertThat(speaker.query(rib -> rib.size(AddressFamily.IPV4_UNICAST)).join()).isZero();
    }

    @Test
    void exceededLimitStopsTheSessionUntilAnOperatorResetsIt() throws Exception {
        exceedTheLimit(null);
        // BIRD keeps trying (every second); we keep refusing.
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6))
                .until(() -> ourView().state() == SessionState.IDLE);
        assertThat(bird.peer(ip(ours())).established()).isFalse();

        bird.withdraw(ip(PREFIXES[2]));
        assertThat(speaker.resetNeighbor(theirs()).join()).isTrue();
        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        await().atMost(SESSION).until(() -> ourView().accepted(AddressFamily.IPV4_UNICAST) == 2);
        assertThat(ourView().state()).isEqualTo(SessionState.ESTABLISHED);
    }

    @Test
    void restartTimerStartsTheStoppedSessionAgain() throws Exception {
        long stoppedAt = System.nanoTime();
        exceedTheLimit(4);
        bird.withdraw(ip(PREFIXES[2]));
        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThanOrEqualTo(Duration.ofSeconds(4));
        await().atMost(SESSION).until(() -> ourView().accepted(AddressFamily.IPV4_UNICAST) == 2);
    }
}
