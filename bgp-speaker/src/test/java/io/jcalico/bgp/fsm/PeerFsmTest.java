package io.jcalico.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.BgpFrameDecoder;
import io.jcalico.bgp.codec.Capability;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.ErrorCodes;
import io.jcalico.bgp.codec.Keepalive;
import io.jcalico.bgp.codec.Notification;
import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.codec.RouteRefresh;
import io.jcalico.bgp.codec.Update;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The FSM driven through embedded channels: every state, timers, collisions, errors. */
class PeerFsmTest {
    static final int LOCAL_ID = 0xC6120001;   // 198.18.0.1
    static final int HIGHER_ID = 0xC6120009;  // 198.18.0.9
    static final int LOWER_ID = 0x0A000001;   // 10.0.0.1

    final List<String> events = new ArrayList<>();
    final List<DownEvent> downs = new ArrayList<>();
    final List<Negotiated> ups = new ArrayList<>();
    final List<Object> received = new ArrayList<>();
    int connects;
    EmbeddedChannel loop;
    PeerFsm fsm;

    final SessionListener listener = new SessionListener() {
        @Override
        public void stateChanged(PeerFsm peer, SessionState from, SessionState to, String reason) {
            events.add(from + "->" + to);
        }

        @Override
        public void established(PeerFsm peer, Negotiated negotiated) {
            ups.add(negotiated);
        }

        @Override
        public void down(PeerFsm peer, DownEvent event) {
            downs.add(event);
        }

        @Override
        public void update(PeerFsm peer, Update update) {
            received.add(update);
        }

        @Override
        public void routeRefresh(PeerFsm peer, RouteRefresh refresh) {
            received.add(refresh);
        }
    };

    @BeforeEach
    void setUp() {
        loop = new EmbeddedChannel();
        loop.freezeTime();
        fsm = fsm(false);
    }

    PeerFsm fsm(boolean passive) {
        return fsm(passive, Set.of());
    }

    PeerFsm fsm(boolean passive, Set<AddressFamily> forwardingPreserved) {
        SessionSettings s = new SessionSettings(65001, LOCAL_ID, new IPAddressString("198.18.0.2").getAddress(), 65002,
                passive, 9, Duration.ofSeconds(5), Duration.ofSeconds(60),
                Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST), 120, false, forwardingPreserved);
        return new PeerFsm(s, loop.eventLoop(), p -> connects++, listener);
    }

    static EmbeddedChannel connection() {
        EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
        ch.freezeTime(); // timers move only when the test says so
        return ch;
    }

    static Open peerOpen(long asn, int hold, int id, boolean gracefulRestart) {
        List<Capability> caps = new ArrayList<>(List.of(new Capability.MultiProtocol(AddressFamily.IPV4_UNICAST),
                new Capability.RouteRefreshSupport()));
        if (gracefulRestart) {
            caps.add(new Capability.GracefulRestart(false, false, 90,
                    List.of(new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true))));
        }
        return Open.of(asn, hold, id, caps);
    }

    /** Drives an outgoing connection to Established; returns its channel with the outbound queue read. */
    EmbeddedChannel establish(Open open) {
        fsm.start();
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        assertThat((Object) ch.readOutbound()).isInstanceOf(Open.class);
        ch.writeInbound(open);
        assertThat((Object) ch.readOutbound()).isEqualTo(Keepalive.INSTANCE);
        assertThat(fsm.state()).isEqualTo(SessionState.OPEN_CONFIRM);
        ch.writeInbound(Keepalive.INSTANCE);
        return ch;
    }

    @Test
    void activePeerClimbsEveryStateToEstablished() {
        fsm.start();
        assertThat(connects).isEqualTo(1);
        assertThat(fsm.state()).isEqualTo(SessionState.CONNECT);
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        Open ours = ch.readOutbound();
        assertThat(ours.asn()).isEqualTo(65001);
        assertThat(ours.holdTime()).isEqualTo(9);
        assertThat(ours.families()).containsExactly(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(ours.has(Capability.GracefulRestart.class)).isTrue();
        assertThat(fsm.state()).isEqualTo(SessionState.OPEN_SENT);
        ch.writeInbound(peerOpen(65002, 30, HIGHER_ID, false));
        assertThat((Object) ch.readOutbound()).isEqualTo(Keepalive.INSTANCE);
        assertThat(ch.attr(CodecOptions.KEY).get()).isEqualTo(new CodecOptions(true, false));
        ch.writeInbound(Keepalive.INSTANCE);
        assertThat(fsm.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(events).containsExactly("IDLE->CONNECT", "CONNECT->OPEN_SENT", "OPEN_SENT->OPEN_CONFIRM",
                "OPEN_CONFIRM->ESTABLISHED");
        Negotiated n = ups.get(0);
        assertThat(n.holdTime()).isEqualTo(9);
        assertThat(n.keepaliveTime()).isEqualTo(3);
        assertThat(n.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        Update u = Update.endOfRib(AddressFamily.IPV4_UNICAST);
        ch.writeInbound(u);
        ch.writeInbound(RouteRefresh.request(AddressFamily.IPV4_UNICAST));
        assertThat(received).containsExactly(u, RouteRefresh.request(AddressFamily.IPV4_UNICAST));
    }

    @Test
    void keepalivesGoOutEveryThirdOfTheHoldTimeAndTrafficKeepsTheSessionUp() {
        EmbeddedChannel ch = establish(peerOpen(65002, 9, HIGHER_ID, false));
        for (int i = 0; i < 5; i++) {
            ch.advanceTimeBy(3, TimeUnit.SECONDS);
            ch.runScheduledPendingTasks();
            assertThat((Object) ch.readOutbound()).isEqualTo(Keepalive.INSTANCE);
            ch.writeInbound(Keepalive.INSTANCE);
        }
        assertThat(fsm.isEstablished()).isTrue();
    }

    @Test
    void holdTimerExpiryClosesWithNotificationAndKeepsRoutesOfAGracefulRestartPeer() {
        EmbeddedChannel ch = establish(peerOpen(65002, 90, HIGHER_ID, true));
        ch.advanceTimeBy(8, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        assertThat(fsm.isEstablished()).isTrue();
        ch.advanceTimeBy(2, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();
        Object last = null;
        for (Object o; (o = ch.readOutbound()) != null; ) {
            last = o;
        }
        assertThat(last).isEqualTo(new Notification(ErrorCodes.HOLD_TIMER_EXPIRED, 0));
        assertThat(ch.isOpen()).isFalse();
        assertThat(downs).singleElement().satisfies(d -> {
            assertThat(d.gracefulRestart()).isTrue();
            assertThat(d.restartTime()).isEqualTo(90);
            // the peer's capability lists IPv4 only, and only IPv4 was negotiated
            assertThat(d.retained()).containsExactly(AddressFamily.IPV4_UNICAST);
        });
        assertThat(fsm.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(events).contains("ESTABLISHED->IDLE", "IDLE->ACTIVE");
        assertThat(fsm.lastError()).contains("Hold Timer Expired");
    }

    static Capability.GracefulRestart gracefulRestartOf(Open open) {
        return open.capability(Capability.GracefulRestart.class).orElseThrow();
    }

    @Test
    void restartedSpeakerSetsTheRestartBitAndForwardingBitsOnlyInItsFirstSession() {
        fsm = fsm(false, Set.of(AddressFamily.IPV4_UNICAST));
        fsm.restartState(true);
        fsm.start();
        EmbeddedChannel first = connection();
        fsm.connectionUp(first, true);
        Capability.GracefulRestart gr = gracefulRestartOf(first.readOutbound());
        assertThat(gr.restarting()).isTrue();
        assertThat(gr.restartTime()).isEqualTo(120);
        assertThat(gr.preservedForwarding(AddressFamily.IPV4_UNICAST)).isTrue();
        assertThat(gr.covers(AddressFamily.IPV6_UNICAST)).isTrue();
        assertThat(gr.preservedForwarding(AddressFamily.IPV6_UNICAST)).isFalse();
        first.writeInbound(peerOpen(65002, 90, HIGHER_ID, true));
        first.writeInbound(Keepalive.INSTANCE);
        assertThat(fsm.isEstablished()).isTrue();
        first.close();

        // The restart is over and the process kept forwarding since: every F bit, no R bit.
        EmbeddedChannel second = connection();
        fsm.connectionUp(second, true);
        Capability.GracefulRestart again = gracefulRestartOf(second.readOutbound());
        assertThat(again.restarting()).isFalse();
        assertThat(again.preservedForwarding(AddressFamily.IPV4_UNICAST)).isTrue();
        assertThat(again.preservedForwarding(AddressFamily.IPV6_UNICAST)).isTrue();
    }

    static Open restartedPeerOpen() {
        return Open.of(65002, 90, HIGHER_ID, List.of(new Capability.MultiProtocol(AddressFamily.IPV4_UNICAST),
                new Capability.GracefulRestart(true, false, 90,
                        List.of(new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true)))));
    }

    @Test
    void secondConnectionWhileEstablishedIsACollisionUnlessThePeerSaysItRestarted() {
        EmbeddedChannel first = establish(peerOpen(65002, 90, HIGHER_ID, true));
        assertThat(fsm.isEstablished()).isTrue();

        // A late connection attempt of the peer: refused with Cease/Connection Collision, session kept.
        EmbeddedChannel late = connection();
        fsm.connectionUp(late, false);
        assertThat((Object) late.readOutbound()).isInstanceOf(Open.class);
        late.writeInbound(peerOpen(65002, 90, HIGHER_ID, true));
        assertThat((Object) late.readOutbound()).isEqualTo(Keepalive.INSTANCE);
        assertThat((Object) late.readOutbound()).isEqualTo(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_CONNECTION_COLLISION));
        assertThat(fsm.channel()).isSameAs(first);
        assertThat(downs).isEmpty();

        // The peer restarted (R bit): the old session ends as lost, its routes kept, the new one takes over.
        EmbeddedChannel back = connection();
        fsm.connectionUp(back, false);
        back.readOutbound();
        back.writeInbound(restartedPeerOpen());
        assertThat((Object) back.readOutbound()).isEqualTo(Keepalive.INSTANCE);
        assertThat(downs).singleElement().satisfies(d -> assertThat(d.gracefulRestart()).isTrue());
        assertThat(first.isOpen()).isFalse();
        back.writeInbound(Keepalive.INSTANCE);
        assertThat(fsm.channel()).isSameAs(back);
    }

    @Test
    void freshSpeakerClaimsNoForwardingStateInItsFirstSession() {
        fsm.start();
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        Capability.GracefulRestart gr = gracefulRestartOf(ch.readOutbound());
        assertThat(gr.restarting()).isFalse();
        assertThat(gr.families()).hasSize(2).noneMatch(Capability.GracefulRestart.Family::forwardingPreserved);
    }

    @Test
    void reconnectsAfterBackOffThatDoubles() {
        fsm.start();
        fsm.connectFailed("connection refused");
        assertThat(fsm.state()).isEqualTo(SessionState.ACTIVE);
        loop.advanceTimeBy(5, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(connects).isEqualTo(2);
        assertThat(fsm.state()).isEqualTo(SessionState.CONNECT);
        fsm.connectFailed("connection refused");
        loop.advanceTimeBy(5, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(connects).isEqualTo(2);
        loop.advanceTimeBy(5, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(connects).isEqualTo(3);
    }

    @Test
    void wrongPeerAsIsAnsweredWithBadPeerAs() {
        fsm.start();
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        ch.readOutbound();
        ch.writeInbound(peerOpen(65099, 90, HIGHER_ID, false));
        Notification n = ch.readOutbound();
        assertThat(n.code()).isEqualTo(ErrorCodes.OPEN_MESSAGE);
        assertThat(n.subcode()).isEqualTo(ErrorCodes.BAD_PEER_AS);
        assertThat(ch.isOpen()).isFalse();
        assertThat(fsm.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(downs).isEmpty(); // never established
    }

    @Test
    void holdTimeOfTwoSecondsIsUnacceptable() {
        fsm.start();
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        ch.readOutbound();
        ch.writeInbound(peerOpen(65002, 2, HIGHER_ID, false));
        assertThat((Object) ch.readOutbound()).isEqualTo(new Notification(ErrorCodes.OPEN_MESSAGE, ErrorCodes.UNACCEPTABLE_HOLD_TIME));
    }

    @Test
    void unsupportedVersionFromTheWireIsAnsweredByTheDecodersNotification() {
        fsm.start();
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        ch.readOutbound();
        // OPEN with version 3
        ch.writeInbound(Unpooled.wrappedBuffer(io.jcalico.bgp.codec.Fixtures.hex(
                "ffffffffffffffffffffffffffffffff 001d 01 03 fdea 005a c6120009 00")));
        Notification n = ch.readOutbound();
        assertThat(n.subcode()).isEqualTo(ErrorCodes.UNSUPPORTED_VERSION);
        assertThat(n.data()).containsExactly(0, 4);
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void updateInOpenSentIsAnFsmError() {
        fsm.start();
        EmbeddedChannel ch = connection();
        fsm.connectionUp(ch, true);
        ch.readOutbound();
        ch.writeInbound(Update.endOfRib(AddressFamily.IPV4_UNICAST));
        assertThat((Object) ch.readOutbound()).isEqualTo(new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_OPENSENT));
    }

    @Test
    void collisionKeepsTheConnectionOpenedByTheHigherIdentifier() {
        fsm.start();
        EmbeddedChannel out = connection();
        fsm.connectionUp(out, true);
        EmbeddedChannel in = connection();
        fsm.connectionUp(in, false);
        out.writeInbound(peerOpen(65002, 90, HIGHER_ID, false));
        in.writeInbound(peerOpen(65002, 90, HIGHER_ID, false));
        // the peer's identifier is higher: its connection (our incoming one) wins
        Object last = null;
        for (Object o; (o = out.readOutbound()) != null; ) {
            last = o;
        }
        assertThat(last).isEqualTo(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_CONNECTION_COLLISION));
        assertThat(out.isOpen()).isFalse();
        assertThat(in.isOpen()).isTrue();
        in.writeInbound(Keepalive.INSTANCE);
        assertThat(fsm.isEstablished()).isTrue();
        assertThat(fsm.channel()).isSameAs(in);
    }

    @Test
    void collisionWithALowerIdentifierKeepsOurConnection() {
        fsm.start();
        EmbeddedChannel out = connection();
        fsm.connectionUp(out, true);
        EmbeddedChannel in = connection();
        fsm.connectionUp(in, false);
        out.writeInbound(peerOpen(65002, 90, LOWER_ID, false));
        in.writeInbound(peerOpen(65002, 90, LOWER_ID, false));
        assertThat(in.isOpen()).isFalse();
        assertThat(out.isOpen()).isTrue();
    }

    @Test
    void notificationFromPeerEndsTheSessionWithoutGracefulRestart() {
        EmbeddedChannel ch = establish(peerOpen(65002, 90, HIGHER_ID, true));
        ch.writeInbound(Notification.shutdown(ErrorCodes.CEASE_ADMIN_SHUTDOWN, "bye"));
        assertThat(downs).singleElement().satisfies(d -> {
            assertThat(d.gracefulRestart()).isFalse();
            assertThat(d.received().shutdownCommunication()).isEqualTo("bye");
        });
        assertThat(fsm.lastError()).contains("bye");
    }

    @Test
    void connectionLossOfGracefulRestartPeerKeepsRoutes() {
        EmbeddedChannel ch = establish(peerOpen(65002, 90, HIGHER_ID, true));
        ch.close();
        assertThat(downs).singleElement().satisfies(d -> assertThat(d.gracefulRestart()).isTrue());
    }

    @Test
    void whileAGracefulRestartPeerIsAwayReconnectingDoesNotBackOffUntilItsRestartTimeIsOver() {
        EmbeddedChannel ch = establish(peerOpen(65002, 90, HIGHER_ID, true));
        int before = connects;
        ch.close();
        for (int i = 1; i <= 5; i++) {
            loop.advanceTimeBy(1, TimeUnit.SECONDS);
            loop.runScheduledPendingTasks();
            assertThat(connects).isEqualTo(before + i);
            fsm.connectFailed("connection refused");
        }
        // past its restart time (90 s) the usual doubling back-off is back
        loop.advanceTimeBy(90, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        int then = connects;
        fsm.connectFailed("connection refused");
        loop.advanceTimeBy(5, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(connects).isEqualTo(then + 1);
        fsm.connectFailed("connection refused");
        loop.advanceTimeBy(5, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(connects).as("waits 10 s now").isEqualTo(then + 1);
    }

    @Test
    void stopSendsAdministrativeShutdownAndStaysIdle() {
        EmbeddedChannel ch = establish(peerOpen(65002, 90, HIGHER_ID, false));
        ch.readOutbound();
        fsm.stop(Notification.shutdown(ErrorCodes.CEASE_ADMIN_SHUTDOWN, "maintenance"));
        Notification n = ch.readOutbound();
        assertThat(n.shutdownCommunication()).isEqualTo("maintenance");
        assertThat(fsm.state()).isEqualTo(SessionState.IDLE);
        loop.advanceTimeBy(10, TimeUnit.MINUTES);
        loop.runScheduledPendingTasks();
        assertThat(connects).isEqualTo(1);
    }

    @Test
    void passivePeerWaitsAndRefusesNothingWhileIdleRefusesEverything() {
        PeerFsm passive = fsm(true);
        EmbeddedChannel early = connection();
        passive.connectionUp(early, false);
        assertThat((Object) early.readOutbound()).isEqualTo(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_CONNECTION_REJECTED));
        passive.start();
        assertThat(passive.state()).isEqualTo(SessionState.ACTIVE);
        assertThat(connects).isZero();
        EmbeddedChannel ch = connection();
        passive.connectionUp(ch, false);
        assertThat((Object) ch.readOutbound()).isInstanceOf(Open.class);
        assertThat(passive.state()).isEqualTo(SessionState.OPEN_SENT);
    }

    @Test
    void maxPrefixResetSendsCeaseAndReconnects() {
        EmbeddedChannel ch = establish(peerOpen(65002, 90, HIGHER_ID, true));
        ch.readOutbound();
        fsm.reset(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_MAX_PREFIXES, new byte[] {0, 1, 1, 0, 0, 0, 10}),
                "maximum prefixes exceeded");
        Notification n = ch.readOutbound();
        assertThat(n.subcode()).isEqualTo(ErrorCodes.CEASE_MAX_PREFIXES);
        assertThat(downs.get(0).gracefulRestart()).isFalse();
        loop.advanceTimeBy(5, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
        assertThat(connects).isEqualTo(2);
    }
}
