package io.jcalico.bgp.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.config.StaticRouteConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.rib.Path;
import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.routers.RouterDaemon;
import io.jcalico.bgp.server.BgpSpeaker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 4724 both ways against one real daemon with graceful restart on, on 127.0.79.(base+1|2):
 * our speaker (a child process) killed and restarted with the Restart State bit has its routes
 * kept by the daemon as stale, and at our End-of-RIB the daemon keeps what we sent again and
 * purges the rest, never dropping a kept route meanwhile; the daemon killed and restarted
 * gracefully has its routes kept stale by us, refreshed by what it sends again and the rest
 * purged at its End-of-RIB. One subclass per daemon (BIRD's is {@link BirdGracefulRestartTest}).
 */
abstract class GracefulRestartScenarios extends LoopbackPair {
    static final Duration SESSION = Duration.ofSeconds(60);
    static final Duration SAMPLE = Duration.ofMillis(250);

    final int ourPort = InteropScenarios.freePort();
    final int theirPort = InteropScenarios.freePort();
    RouterDaemon daemon;
    BgpSpeaker speaker;
    SpeakerProcess process;

    abstract DaemonKind kind();

    /** Distinct per daemon: addresses 127.0.79.(base+1|2), prefixes 198.18.(base+1|2).0/24. */
    abstract int base();

    /** The prefixes from our speaker that the daemon holds as stale. */
    abstract List<IPAddress> staleFromUs(Family family);

    /**
     * Whether the daemon, restarted gracefully, sends its routes before its End-of-RIB. When it
     * does not, we purge them at its End-of-RIB (as RFC 4724 says) and learn them again after.
     */
    boolean sendsItsRoutesBeforeEndOfRib() {
        return true;
    }

    /** Kept across the restart: the first half of the /24 and a /64; dropped: the second half. */
    String kept4(int side) {
        return "198.18." + (base() + side) + ".0/25";
    }

    String dropped4(int side) {
        return "198.18." + (base() + side) + ".128/25";
    }

    String kept6(int side) {
        return "fd00:" + (base() + side) + "::/64";
    }

    RouterConfig daemonConfig() {
        return RouterConfig.of((IPv4Address) ip("198.18.0." + (base() + 2)), 65002, ip(theirs()), theirPort)
                .withNeighbor(Neighbor.of(ip(ours()), ourPort, 65001).withMultihop(true).withHoldTime(30)
                        .withConnectRetry(1))
                .withNextHops(ip("198.18.0." + (base() + 2)), ip("fd00::" + (base() + 2)))
                .withGracefulRestart(120);
    }

    SpeakerConfig ourConfig() {
        return SpeakerConfig.of("198.18.0." + (base() + 1), 65001, ours(), ourPort).withTimers(30, 1, 120)
                .withNeighbor(NeighborConfig.of(theirs(), theirPort, 65002).withLocalAddress(ours())
                        .withNextHops("198.18.0." + (base() + 1), "fd00::" + (base() + 1)));
    }

    static StaticRouteConfig route(String prefix) {
        return new StaticRouteConfig(prefix, null, null, null, null);
    }

    Set<String> fromUs(Family family) {
        return daemon.receivedRoutes(ip(ours()), family).stream().map(r -> r.prefix().toCanonicalString())
                .collect(Collectors.toSet());
    }

    Set<String> staleStrings(Family family) {
        return staleFromUs(family).stream().map(IPAddress::toCanonicalString).collect(Collectors.toSet());
    }

    @AfterEach
    void stopAll() throws Exception {
        if (speaker != null) {
            speaker.close();
        }
        if (process != null) {
            process.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void ourSpeakerKilledAndRestartedHasItsRoutesKeptStaleThenRefreshedOrPurgedAtOurEndOfRib() throws Exception {
        daemon = kind().create(daemonConfig());
        daemon.start();
        SpeakerConfig config = ourConfig();
        process = new SpeakerProcess();
        process.start(config.withStaticRoute(route(kept4(1))).withStaticRoute(route(dropped4(1)))
                .withStaticRoute(route(kept6(1))));
        daemon.awaitEstablished(ip(ours()), SESSION);
        daemon.awaitReceivedCount(ip(ours()), Family.IPV4, 2, SESSION);
        daemon.awaitReceivedCount(ip(ours()), Family.IPV6, 1, SESSION);
        assertThat(staleFromUs(Family.IPV4)).isEmpty();

        List<String> gaps = new CopyOnWriteArrayList<>();
        Thread watch = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                try {
                    if (!fromUs(Family.IPV4).contains(kept4(1))) {
                        gaps.add(kept4(1) + " missing at " + java.time.Instant.now());
                    }
                    Thread.sleep(SAMPLE.toMillis());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        return; // stopped while reading
                    }
                    gaps.add("cannot read the daemon's table: " + e.getMessage());
                }
            }
        }, kind() + "-route-watch");
        watch.start();
        try {
            process.kill();
            daemon.awaitDown(ip(ours()), SESSION);
            // the daemon keeps everything we sent, stale, while we are away
            await().atMost(SESSION).until(() -> staleStrings(Family.IPV4).equals(Set.of(kept4(1), dropped4(1)))
                    && staleStrings(Family.IPV6).equals(Set.of(kept6(1))));

            process.start(config.withStaticRoute(route(kept4(1))).withStaticRoute(route(kept6(1)))
                    .withRestartState(true, List.of("ipv4-unicast", "ipv6-unicast")));
            daemon.awaitEstablished(ip(ours()), SESSION);
            // our End-of-RIB: what we sent again is fresh, the route we no longer have is gone
            await().atMost(SESSION).until(() -> fromUs(Family.IPV4).equals(Set.of(kept4(1)))
                    && staleFromUs(Family.IPV4).isEmpty() && staleFromUs(Family.IPV6).isEmpty());
            assertThat(fromUs(Family.IPV6)).containsExactly(kept6(1));
        } finally {
            watch.interrupt();
            watch.join();
        }
        assertThat(gaps).as("the kept route never left the daemon's table").isEmpty();
    }

    @Test
    void daemonRestartingGracefullyHasItsRoutesKeptStaleThenRefreshedOrPurgedAtItsEndOfRib() throws Exception {
        RouterConfig config = daemonConfig().withOriginated(ip(kept4(2))).withOriginated(ip(dropped4(2)))
                .withOriginated(ip(kept6(2)));
        daemon = kind().create(config);
        daemon.start();
        speaker = BgpSpeaker.start(ourConfig());
        BestPathRecorder best = BestPathRecorder.attach(speaker);
        Map<String, Path> seen = best.seen;
        List<String> removed = best.removed;
        await().atMost(SESSION).until(() -> seen.keySet().equals(Set.of(kept4(2), dropped4(2), kept6(2))));

        daemon.restartGracefully(config.withoutOriginated(ip(dropped4(2))));
        // while it is gone (and until its End-of-RIB) every route stays, stale
        await().atMost(SESSION).until(() -> seen.values().stream().allMatch(Path::stale));
        assertThat(seen.keySet()).containsExactlyInAnyOrder(kept4(2), dropped4(2), kept6(2));
        assertThat(speaker.query(rib -> rib.peers().get(0).counters(AddressFamily.IPV4_UNICAST).stale()).join())
                .isEqualTo(2);

        assertThat(speaker.awaitState(theirs(), SessionState.ESTABLISHED, SESSION.toMillis())).isTrue();
        await().atMost(SESSION).until(() -> seen.keySet().equals(Set.of(kept4(2), kept6(2)))
                && seen.values().stream().noneMatch(Path::stale));
        if (sendsItsRoutesBeforeEndOfRib()) {
            // only the route it did not send again went away; the others were never withdrawn
            assertThat(removed).containsExactly(dropped4(2));
        } else {
            assertThat(removed).contains(dropped4(2));
        }
    }
}
