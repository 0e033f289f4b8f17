package io.jcalico.bgp.fsm;

import io.jcalico.bgp.codec.BgpMessage;
import io.jcalico.bgp.codec.Capability;
import io.jcalico.bgp.codec.ErrorCodes;
import io.jcalico.bgp.codec.Notification;
import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.codec.RouteRefresh;
import io.jcalico.bgp.codec.Update;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One neighbour's RFC 4271 §8 state machine. This class owns Idle, Connect and Active (one method
 * each) and up to two {@link Session}s, one per direction, which run OpenSent, OpenConfirm and
 * Established. Connection collisions (§6.8) are settled when an OPEN arrives: the connection opened
 * by the side with the higher BGP identifier survives. After a session ends the peer reconnects
 * (or waits, if passive) with exponential back-off starting at the connect retry time.
 *
 * <p>Not thread-safe: every method runs on the speaker's event loop.
 */
public final class PeerFsm {
    private static final Logger log = LoggerFactory.getLogger(PeerFsm.class);

    /** Reconnect interval while the peer restarts gracefully (see {@link #helpingUntil}). */
    static final Duration RESTART_RETRY = Duration.ofSeconds(1);

    /** Events of the states this class owns. */
    enum Event { MANUAL_START, MANUAL_STOP, CONNECT_RETRY_EXPIRED, CONNECT_FAILED }

    private final SessionSettings settings;
    private final EventLoop loop;
    private final Connector connector;
    private final SessionListener listener;
    private final String name;

    private SessionState state = SessionState.IDLE;
    private SessionState reported = SessionState.IDLE;
    private long reportedSinceMillis = System.currentTimeMillis();
    private boolean enabled;
    private boolean connecting;
    private Session outgoing;
    private Session incoming;
    private Session established;
    private ScheduledFuture<?> retryTimer;
    private Duration backoff;
    private String lastError = "";
    private long establishedAtMillis;
    private long updatesReceived;
    private long updatesSent;
    /** RFC 4724 Restart State for our OPENs: set while this process is restarting. */
    private boolean restarting;
    /** No session reached Established yet since the process started. */
    private boolean firstSession = true;
    /**
     * Until when (System.nanoTime) we keep the peer's routes after it was lost with graceful restart;
     * 0 when not. Meanwhile reconnecting does not back off: the restarted peer must find a session
     * well within its restart time, or its routes go (the peer may be passive towards us).
     */
    private long helpingUntil;

    public PeerFsm(SessionSettings settings, EventLoop loop, Connector connector, SessionListener listener) {
        this.settings = settings;
        this.loop = loop;
        this.connector = connector;
        this.listener = listener;
        this.backoff = settings.connectRetry();
        this.name = "peer " + settings.peerAddress().toCanonicalString() + " AS" + settings.peerAs();
    }

    public SessionSettings settings() {
        return settings;
    }

    public EventLoop eventLoop() {
        return loop;
    }

    /**
     * Whether our OPENs say we restarted (the R bit). The speaker sets it for neighbours added within
     * its restart window; it clears itself once a session is established.
     */
    public void restartState(boolean value) {
        restarting = value;
    }

    // ---- public events -------------------------------------------------------------------------

    /** Starts connecting (or listening, when passive). */
    public void start() {
        handle(Event.MANUAL_START, "start");
    }

    /** Closes every connection with {@code cease} (null: plain Administrative Shutdown) and stays Idle. */
    public void stop(Notification cease) {
        stop(cease, "stopped");
    }

    /** {@link #stop(Notification)} saying why (the last error shown until the next start). */
    public void stop(Notification cease, String reason) {
        stopSessions(cease == null ? new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_ADMIN_SHUTDOWN) : cease, reason);
        handle(Event.MANUAL_STOP, reason);
    }

    /**
     * Not started because the session cannot be set up as configured (a TCP MD5 key without the
     * epoll transport): Idle, refusing connections, with {@code reason} as the last error.
     */
    public void refuse(String reason) {
        stop(null, reason);
        lastError = reason;
        log.warn("{}: session not started: {}", this, reason);
    }

    /** Stopped: Idle, refusing connections, until {@link #start()}. */
    public boolean isStopped() {
        return !enabled;
    }

    /** Closes the session with {@code notification} and reconnects after the back-off. */
    public void reset(Notification notification, String reason) {
        lastError = reason;
        stopSessions(notification, reason);
    }

    /** A TCP connection to or from the peer is up. */
    public void connectionUp(Channel channel, boolean outgoingConnection) {
        if (outgoingConnection) {
            connecting = false;
        }
        if (!enabled) {
            channel.writeAndFlush(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_CONNECTION_REJECTED))
                    .addListener(f -> channel.close());
            return;
        }
        Session same = outgoingConnection ? outgoing : incoming;
        if (same != null) {
            // A second connection in the same direction replaces a stale one (peer restarted).
            same.close("replaced by a new connection");
        }
        cancelRetry();
        Session s = new Session(this, channel, outgoingConnection, localOpen());
        if (outgoingConnection) {
            outgoing = s;
        } else {
            incoming = s;
        }
        report("TCP connection " + (outgoingConnection ? "established" : "accepted"));
    }

    /** The outgoing connection attempt failed. */
    public void connectFailed(String reason) {
        connecting = false;
        lastError = reason;
        handle(Event.CONNECT_FAILED, reason);
    }

    // ---- states owned here: one method each ----------------------------------------------------

    private void handle(Event e, String reason) {
        switch (state) {
            case IDLE -> idle(e);
            case CONNECT -> connect(e);
            case ACTIVE -> active(e);
            default -> throw new IllegalStateException(state.name());
        }
        report(reason);
    }

    private void idle(Event e) {
        if (e == Event.MANUAL_START) {
            enabled = true;
            backoff = settings.connectRetry();
            if (settings.passive()) {
                state = SessionState.ACTIVE;
            } else {
                state = SessionState.CONNECT;
                initiate();
            }
        }
    }

    private void connect(Event e) {
        switch (e) {
            case CONNECT_RETRY_EXPIRED -> initiate();
            case CONNECT_FAILED -> {
                state = SessionState.ACTIVE;
                scheduleRetry();
            }
            case MANUAL_STOP -> goIdle();
            default -> { }
        }
    }

    private void active(Event e) {
        switch (e) {
            case CONNECT_RETRY_EXPIRED -> {
                if (!settings.passive()) {
                    state = SessionState.CONNECT;
                    initiate();
                } else {
                    scheduleRetry();
                }
            }
            case MANUAL_STOP -> goIdle();
            default -> { }
        }
    }

    private void goIdle() {
        enabled = false;
        cancelRetry();
        state = SessionState.IDLE;
    }

    private void initiate() {
        if (outgoing == null && !connecting && established == null) {
            connecting = true;
            connector.connect(this);
        }
    }

    /** Arms the connect retry timer with the current back-off, doubles it, returns the wait. */
    private Duration scheduleRetry() {
        cancelRetry();
        Duration wait = backoff;
        if (helpingUntil != 0 && now() - helpingUntil < 0) {
            wait = wait.compareTo(RESTART_RETRY) < 0 ? wait : RESTART_RETRY;
        } else {
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff() : backoff.multipliedBy(2);
        }
        retryTimer = loop.schedule(() -> {
            retryTimer = null;
            if (enabled && outgoing == null && incoming == null) {
                handle(Event.CONNECT_RETRY_EXPIRED, "connect retry timer expired");
            }
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
        return wait;
    }

    /** The loop's clock (a test's embedded loop moves it by hand). */
    private long now() {
        return loop instanceof AbstractScheduledEventExecutor s ? s.ticker().nanoTime() : System.nanoTime();
    }

    private void cancelRetry() {
        if (retryTimer != null) {
            retryTimer.cancel(false);
            retryTimer = null;
        }
    }

    // ---- what sessions report --------------------------------------------------------------------

    /** Our OPEN for a new connection. */
    Open localOpen() {
        List<Capability> caps = new ArrayList<>();
        List<AddressFamily> fams = settings.families().stream()
                .sorted(Comparator.comparingInt(AddressFamily::afi).thenComparingInt(AddressFamily::safi)).toList();
        fams.forEach(f -> caps.add(new Capability.MultiProtocol(f)));
        caps.add(new Capability.RouteRefreshSupport());
        caps.add(new Capability.EnhancedRouteRefresh());
        caps.add(new Capability.FourOctetAs(settings.localAs()));
        if (settings.gracefulRestart()) {
            // A running speaker kept its forwarding state across a lost session; after a process
            // restart only the families the configuration names did.
            caps.add(new Capability.GracefulRestart(restarting, false, Math.min(settings.restartTime(), 4095),
                    fams.stream().map(f -> new Capability.GracefulRestart.Family(f,
                            !firstSession || settings.forwardingPreserved().contains(f))).toList()));
        }
        if (settings.extendedMessages()) {
            caps.add(new Capability.ExtendedMessage());
        }
        return Open.of(settings.localAs(), settings.holdTime(), settings.routerId(), caps);
    }

    /** Why the peer's OPEN is unacceptable, as the NOTIFICATION to send; null if it is fine. */
    Notification checkOpen(Open open) {
        if (open.asn() != settings.peerAs()) {
            return Notification.withShort(ErrorCodes.OPEN_MESSAGE, ErrorCodes.BAD_PEER_AS, open.myAs());
        }
        if (open.holdTime() == 1 || open.holdTime() == 2) {
            return new Notification(ErrorCodes.OPEN_MESSAGE, ErrorCodes.UNACCEPTABLE_HOLD_TIME);
        }
        if (open.bgpId() == 0 || settings.internal() && open.bgpId() == settings.routerId()) {
            return new Notification(ErrorCodes.OPEN_MESSAGE, ErrorCodes.BAD_BGP_IDENTIFIER);
        }
        if (open.myAs() != (open.asn() > 0xFFFF ? AsPath.AS_TRANS : open.asn())) {
            return Notification.withShort(ErrorCodes.OPEN_MESSAGE, ErrorCodes.BAD_PEER_AS, open.myAs());
        }
        return null;
    }

    /** RFC 4271 §6.8 when an OPEN arrives; the losing connection is closed with Cease/7. */
    void openReceived(Session s) {
        Session other = s == outgoing ? incoming : outgoing;
        if (other != null && !other.isClosed()) {
            if (other.state == SessionState.ESTABLISHED && restartedPeer(s.remoteOpen)) {
                // RFC 4724 §4.2: an OPEN saying "restarted" on a new connection ends the old session.
                other.close("peer restarted (new connection with the Restart State bit)");
            } else if (other.state == SessionState.ESTABLISHED) {
                s.fail(collision(), "connection collision with an established session");
            } else if (other.state == SessionState.OPEN_CONFIRM) {
                boolean keepOurs = Integer.toUnsignedLong(settings.routerId()) > Integer.toUnsignedLong(s.remoteOpen.bgpId());
                Session loser = keepOurs ? incoming : outgoing;
                log.info("{}: connection collision, closing the {} connection", this, loser.outgoing ? "outgoing" : "incoming");
                loser.fail(collision(), "connection collision");
            }
        }
        report("OPEN received");
    }

    private static boolean restartedPeer(Open open) {
        return open.capability(Capability.GracefulRestart.class).map(Capability.GracefulRestart::restarting).orElse(false);
    }

    private static Notification collision() {
        return new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_CONNECTION_COLLISION);
    }

    void sessionEstablished(Session s) {
        Session other = s == outgoing ? incoming : outgoing;
        if (other != null) {
            other.fail(collision(), "connection collision: the other connection is established");
        }
        established = s;
        firstSession = false;
        helpingUntil = 0;
        restarting = false;
        establishedAtMillis = System.currentTimeMillis();
        backoff = settings.connectRetry();
        lastError = "";
        report("KEEPALIVE received");
        listener.established(this, s.negotiated);
    }

    void sessionClosed(Session s, SessionState was, String reason, Notification sent, Notification received) {
        if (s == outgoing) {
            outgoing = null;
        }
        if (s == incoming) {
            incoming = null;
        }
        if (received != null) {
            lastError = "received " + received;
        } else if (sent != null) {
            lastError = "sent " + sent + " (" + reason + ")";
        } else if (was != SessionState.ESTABLISHED || lastError.isEmpty()) {
            lastError = reason;
        }
        if (s == established) {
            established = null;
            Capability.GracefulRestart gr = s.negotiated.peerGracefulRestart();
            boolean lost = received == null && (sent == null || sent.code() == ErrorCodes.HOLD_TIMER_EXPIRED);
            boolean keep = gr != null && lost && enabled;
            Set<AddressFamily> retained = keep
                    ? s.negotiated.families().stream().filter(gr::covers).collect(Collectors.toSet()) : Set.of();
            helpingUntil = keep ? now() + TimeUnit.SECONDS.toNanos(gr.restartTime()) : 0;
            listener.down(this, new DownEvent(reason, sent, received, keep, keep ? gr.restartTime() : 0, retained));
        }
        if (outgoing == null && incoming == null) {
            SessionState own = state;
            state = SessionState.IDLE;
            report(reason);
            if (enabled) {
                // Wait in Active (accepting the peer's connection) until the back-off expires.
                state = SessionState.ACTIVE;
                Duration wait = scheduleRetry();
                report("reconnecting in " + wait.toMillis() + " ms");
            } else {
                state = own;
            }
        } else {
            report(reason);
        }
    }

    void updateReceived(Update u) {
        updatesReceived++;
        listener.update(this, u);
    }

    void routeRefreshReceived(RouteRefresh rr) {
        listener.routeRefresh(this, rr);
    }

    void writable() {
        listener.writable(this);
    }

    private void stopSessions(Notification n, String reason) {
        for (Session s : new Session[] {outgoing, incoming}) {
            if (s != null) {
                s.fail(n, reason);
            }
        }
    }

    // ---- state reporting -------------------------------------------------------------------------

    /** The neighbour's state as the RFC names it: the furthest any connection got, else our own. */
    public SessionState state() {
        SessionState best = state;
        for (Session s : new Session[] {outgoing, incoming}) {
            if (s != null && !s.isClosed() && s.state.compareTo(best) > 0) {
                best = s.state;
            }
        }
        return best;
    }

    private void report(String reason) {
        SessionState now = state();
        if (now != reported) {
            SessionState from = reported;
            reported = now;
            reportedSinceMillis = System.currentTimeMillis();
            log.info("{}: {} -> {} ({})", this, from, now, reason);
            listener.stateChanged(this, from, now, reason);
        }
    }

    // ---- the established session -----------------------------------------------------------------

    public boolean isEstablished() {
        return established != null;
    }

    /** The agreed parameters of the established session, or null. */
    public Negotiated negotiated() {
        return established == null ? null : established.negotiated;
    }

    /** The established session's channel, or null. */
    public Channel channel() {
        return established == null ? null : established.channel;
    }

    /** Queues a message on the established session (not flushed); false if there is none. */
    public boolean send(BgpMessage msg) {
        if (established == null) {
            return false;
        }
        if (msg instanceof Update) {
            updatesSent++;
        }
        established.channel.write(msg, established.channel.voidPromise());
        return true;
    }

    /** Queues pre-encoded UPDATEs (the packer's output) counting {@code updates} messages. */
    public boolean sendEncoded(ByteBuf updates, int count) {
        if (established == null) {
            updates.release();
            return false;
        }
        updatesSent += count;
        established.channel.write(updates, established.channel.voidPromise());
        return true;
    }

    public void flush() {
        if (established != null) {
            established.channel.flush();
        }
    }

    public boolean isWritable() {
        return established != null && established.channel.isWritable();
    }

    public long stateSinceMillis() {
        return reportedSinceMillis;
    }

    /** Milliseconds since Established, 0 when not established. */
    public long uptimeMillis() {
        return established == null ? 0 : System.currentTimeMillis() - establishedAtMillis;
    }

    public String lastError() {
        return lastError;
    }

    public long updatesReceived() {
        return updatesReceived;
    }

    public long updatesSent() {
        return updatesSent;
    }

    @Override
    public String toString() {
        return name;
    }
}
