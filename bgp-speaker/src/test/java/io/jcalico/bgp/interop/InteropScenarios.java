package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.rib.Path;
import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.routers.RouterDaemon;
import io.jcalico.bgp.server.BgpSpeaker;
import io.jcalico.bgp.server.PeerStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The acceptance scenarios of our speaker against one real daemon, on 127.0.79.x and free high
 * ports: eBGP and iBGP, IPv4 and IPv6 both ways, withdraw, the daemon restarted, route refresh,
 * hold timer expiry while the daemon is frozen, and a bad OPEN answered with a NOTIFICATION the
 * daemon reports. One subclass per daemon; each test cleans up its processes.
 */
abstract class InteropScenarios {
    static final Duration SESSION = Duration.ofSeconds(60);
    static final Duration ROUTES = Duration.ofSeconds(30);

    RouterDaemon daemon;
    BgpSpeaker speaker;
    /** Our speaker's best paths by prefix. */
    Map<String, Path> seen = Map.of();

    abstract DaemonKind kind();

    /** Distinct per daemon so the classes can never collide: addresses 127.0.79.(base+1|2). */
    abstract int base();

    static IPAddress ip(String s) {
        return new IPAddressString(s).getAddress();
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String ours() {
        return "127.0.79." + (base() + 1);
    }

    String theirs() {
        return "127.0.79." + (base() + 2);
    }

    String ourPrefix4() {
        return "198.18." + (base() + 1) + ".0/24";
    }

    String ourPrefix6() {
        return "fd00:" + (base() + 1) + "::/64";
    }

    String theirPrefix4() {
        return "198.18." + (base() + 2) + ".0/24";
    }

    String theirPrefix6() {
        return "fd00:" + (base() + 2) + "::/64";
    }

    void start(long ourAs, long theirAs, long theirAsAsWeSeeIt, int hold) throws Exception {
        int ourPort = freePort();
        int theirPort = freePort();
        daemon = kind().create(RouterConfig.of((IPv4Address) ip("198.18.0." + (base() + 2)), theirAs, ip(theirs()), theirPort)
                .withNeighbor(Neighbor.of(ip(ours()), ourPort, ourAs).withMultihop(true).withHoldTime(hold)
                        .withConnectRetry(1))
                .withOriginated(ip(theirPrefix4())).withOriginated(ip(theirPrefix6()))
                .withNextHops(ip("198.18.0." + (base() + 2)), ip("fd00::" + (base() + 2))));
        daemon.start();
        speaker = BgpSpeaker.start(SpeakerConfig.of("198.18.0." + (base() + 1), ourAs, ours(), ourPort)
                .withTimers(hold, 1, 120)
                .withNeighbor(NeighborConfig.of(theirs(), theirPort, theirAsAsWeSeeIt).withLocalAddress(ours())
                        .withNextHops("198.18.0." + (base() + 1), "fd00::" + (base() + 1))));
        seen = BestPathRecorder.attach(speaker).seen;
    }

    void startAndEstablish(long ourAs, long theirAs, int hold) throws Exception {
        start(ourAs, theirAs, theirAs, hold);
        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        daemon.awaitEstablished(ip(ours()), SESSION);
    }

    @AfterEach
    void cleanUp() {
        if (speaker != null) {
            speaker.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    PeerStatus ourView() {
        return speaker.peer(theirs()).join();
    }

    /** Both sides originate one route per family; each must hold the other's. */
    void exchange(long theirAs) {
        speaker.originate(ourPrefix4()).join();
        speaker.originate(ourPrefix6()).join();
        daemon.awaitReceivedCount(ip(ours()), Family.IPV4, 1, ROUTES);
        daemon.awaitReceivedCount(ip(ours()), Family.IPV6, 1, ROUTES);
        await().atMost(ROUTES).until(() -> seen.containsKey(theirPrefix4()) && seen.containsKey(theirPrefix6()));
        Path v4 = seen.get(theirPrefix4());
        assertThat(v4.source().address().toCanonicalString()).isEqualTo(theirs());
        assertThat(v4.attributes().nextHop().address().toCanonicalString()).isEqualTo("198.18.0." + (base() + 2));
        assertThat(seen.get(theirPrefix6()).attributes().nextHop().address().toCanonicalString())
                .isEqualTo("fd00::" + (base() + 2));
        if (theirAs != speaker.config().asn()) {
            assertThat(v4.attributes().asPath().flatten()).containsExactly(theirAs);
        } else {
            assertThat(v4.attributes().asPath().isEmpty()).isTrue();
            assertThat(v4.attributes().localPref()).isEqualTo(100);
        }
    }

    @Test
    void ebgpRoutesOfBothFamiliesFlowBothWaysAndAreWithdrawn() throws Exception {
        startAndEstablish(65001, 65002, 30);
        exchange(65002);
        assertThat(daemon.receivedRoutes(ip(ours()), Family.IPV4)).anySatisfy(r ->
                assertThat(r.toString()).contains(ourPrefix4().split("/")[0]));
        speaker.withdraw(ourPrefix4()).join();
        speaker.withdraw(ourPrefix6()).join();
        daemon.awaitReceivedCount(ip(ours()), Family.IPV4, 0, ROUTES);
        daemon.awaitReceivedCount(ip(ours()), Family.IPV6, 0, ROUTES);
        daemon.withdraw(ip(theirPrefix4()));
        daemon.withdraw(ip(theirPrefix6()));
        await().atMost(ROUTES).until(() -> !seen.containsKey(theirPrefix4()) && !seen.containsKey(theirPrefix6()));
    }

    @Test
    void ibgpRoutesOfBothFamiliesFlowBothWays() throws Exception {
        startAndEstablish(65001, 65001, 30);
        exchange(65001);
    }

    @Test
    void restartedDaemonComesBackWithItsRoutes() throws Exception {
        startAndEstablish(65001, 65002, 30);
        exchange(65002);
        daemon.restart();
        daemon.awaitEstablished(ip(ours()), SESSION);
        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        daemon.awaitReceivedCount(ip(ours()), Family.IPV4, 1, ROUTES);
        daemon.awaitReceivedCount(ip(ours()), Family.IPV6, 1, ROUTES);
        await().atMost(ROUTES).until(() -> seen.containsKey(theirPrefix4()) && !seen.get(theirPrefix4()).stale());
    }

    @Test
    void routeRefreshMakesTheDaemonSendItsRoutesAgain() throws Exception {
        startAndEstablish(65001, 65002, 30);
        exchange(65002);
        long before = ourView().updatesReceived();
        assertThat(speaker.softReset(theirs(), true, false).join()).isTrue();
        await().atMost(ROUTES).until(() -> ourView().updatesReceived() > before);
        assertThat(ourView().state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(seen).containsKeys(theirPrefix4(), theirPrefix6());
    }

    @Test
    void holdTimerExpiresWhileTheDaemonIsFrozen() throws Exception {
        startAndEstablish(65001, 65002, 6);
        daemon.freeze();
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> ourView().state() != SessionState.ESTABLISHED);
            assertThat(ourView().lastError()).contains("Hold Timer Expired");
        } finally {
            daemon.thaw();
        }
        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
    }

    @Test
    void openWithTheWrongAsIsAnsweredWithBadPeerAs() throws Exception {
        start(65001, 65002, 65099, 30);
        // We expect AS 65099; the daemon says 65002: we must send OPEN Message Error / Bad Peer AS.
        await().atMost(SESSION).until(() -> ourView().lastError().contains("Bad Peer AS"));
        await().atMost(SESSION).until(() -> {
            String text = daemon.peer(ip(ours())).lastError() + "\n" + daemon.log() + "\n" + daemonState();
            return reportsBadPeerAs(text);
        });
        assertThat(ourView().state()).isNotEqualTo(SessionState.ESTABLISHED);
    }

    /** Extra state the daemon reports beyond its log and last error (GoBGP's message counters). */
    String daemonState() {
        return "";
    }

    /** The daemon's words for a received OPEN error "Bad Peer AS". */
    abstract boolean reportsBadPeerAs(String statusAndLog);
}
