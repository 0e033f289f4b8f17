package io.jcalico.bgp.fsm;

import io.jcalico.bgp.codec.BgpMessage;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.ErrorCodes;
import io.jcalico.bgp.codec.Keepalive;
import io.jcalico.bgp.codec.MalformedMessage;
import io.jcalico.bgp.codec.Notification;
import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.codec.RouteRefresh;
import io.jcalico.bgp.codec.Update;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP connection's part of the RFC 4271 FSM: OpenSent, OpenConfirm, Established, one method
 * each. It sends our OPEN as soon as it exists, runs the hold and keepalive timers on the channel's
 * event loop, and reports to its {@link PeerFsm}, which owns Idle/Connect/Active and collisions.
 * The hold timer does not reschedule per message: it notes the time of the last message and, when
 * it fires early, sleeps again for the remainder.
 */
final class Session extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    final PeerFsm peer;
    final Channel channel;
    final boolean outgoing;
    private final Open localOpen;
    SessionState state = SessionState.OPEN_SENT;
    Open remoteOpen;
    Negotiated negotiated;
    private long lastReceived;
    private long holdNanos;
    private ScheduledFuture<?> holdTimer;
    private ScheduledFuture<?> keepaliveTimer;
    private boolean closed;
    private Notification sent;
    private Notification received;

    Session(PeerFsm peer, Channel channel, boolean outgoing, Open localOpen) {
        this.peer = peer;
        this.channel = channel;
        this.outgoing = outgoing;
        this.localOpen = localOpen;
        lastReceived = now();
        channel.attr(CodecOptions.KEY).set(CodecOptions.DEFAULT);
        channel.pipeline().addLast("bgp-session", this);
        channel.writeAndFlush(localOpen, channel.voidPromise());
        startHoldTimer(SessionSettings.OPEN_HOLD_TIME);
    }

    private long now() {
        EventExecutor loop = channel.eventLoop();
        return loop instanceof AbstractScheduledEventExecutor s ? s.ticker().nanoTime() : System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closed) {
            return;
        }
        lastReceived = now();
        if (msg instanceof MalformedMessage m) {
            log.warn("{}: malformed message from peer: {}", peer, m.reason());
            fail(m.notification(), "malformed message: " + m.reason());
            return;
        }
        BgpMessage message = (BgpMessage) msg;
        switch (state) {
            case OPEN_SENT -> openSent(message);
            case OPEN_CONFIRM -> openConfirm(message);
            case ESTABLISHED -> established(message);
            default -> { }
        }
    }

    private void openSent(BgpMessage msg) {
        if (msg instanceof Open open) {
            Notification problem = peer.checkOpen(open);
            if (problem != null) {
                fail(problem, "rejected OPEN: " + ErrorCodes.describe(problem.code(), problem.subcode()));
                return;
            }
            remoteOpen = open;
            negotiated = Negotiated.of(localOpen, open);
            if (negotiated.families().isEmpty()) {
                fail(new Notification(ErrorCodes.OPEN_MESSAGE, ErrorCodes.UNSUPPORTED_CAPABILITY),
                        "no address family in common");
                return;
            }
            channel.attr(CodecOptions.KEY).set(negotiated.codecOptions());
            channel.writeAndFlush(Keepalive.INSTANCE, channel.voidPromise());
            state = SessionState.OPEN_CONFIRM;
            startHoldTimer(negotiated.holdTime());
            startKeepaliveTimer(negotiated.keepaliveTime(peer.settings().keepaliveTime()));
            peer.openReceived(this);
        } else if (msg instanceof Notification n) {
            notificationReceived(n);
        } else {
            fail(new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_OPENSENT),
                    "unexpected " + msg.getClass().getSimpleName() + " in OpenSent");
        }
    }

    private void openConfirm(BgpMessage msg) {
        if (msg instanceof Keepalive) {
            state = SessionState.ESTABLISHED;
            peer.sessionEstablished(this);
        } else if (msg instanceof Notification n) {
            notificationReceived(n);
        } else {
            fail(new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_OPENCONFIRM),
                    "unexpected " + msg.getClass().getSimpleName() + " in OpenConfirm");
        }
    }

    private void established(BgpMessage msg) {
        if (msg instanceof Update u) {
            if (!u.errors().isEmpty()) {
                log.warn("{}: UPDATE with {} ({} prefixes): {}", peer, u.verdict(), u.prefixCount(), u.errors());
            }
            peer.updateReceived(u);
        } else if (msg instanceof Keepalive) {
            // the hold timer already noted it
        } else if (msg instanceof RouteRefresh rr) {
            peer.routeRefreshReceived(rr);
        } else if (msg instanceof Notification n) {
            notificationReceived(n);
        } else {
            fail(new Notification(ErrorCodes.FSM_ERROR, ErrorCodes.FSM_UNEXPECTED_IN_ESTABLISHED),
                    "unexpected " + msg.getClass().getSimpleName() + " in Established");
        }
    }

    private void notificationReceived(Notification n) {
        received = n;
        log.warn("{}: NOTIFICATION received: {}", peer, n);
        close("NOTIFICATION received: " + n);
    }

    private void startHoldTimer(int seconds) {
        cancel(holdTimer);
        holdTimer = null;
        if (seconds > 0) {
            holdNanos = TimeUnit.SECONDS.toNanos(seconds);
            holdTimer = channel.eventLoop().schedule(this::checkHold, holdNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void checkHold() {
        if (closed) {
            return;
        }
        long idle = now() - lastReceived;
        if (idle >= holdNanos) {
            fail(new Notification(ErrorCodes.HOLD_TIMER_EXPIRED, 0), "hold timer expired");
        } else {
            holdTimer = channel.eventLoop().schedule(this::checkHold, holdNanos - idle, TimeUnit.NANOSECONDS);
        }
    }

    private void startKeepaliveTimer(int seconds) {
        cancel(keepaliveTimer);
        keepaliveTimer = null;
        if (seconds > 0) {
            keepaliveTimer = channel.eventLoop().scheduleAtFixedRate(
                    () -> {
                        if (!closed) {
                            channel.writeAndFlush(Keepalive.INSTANCE, channel.voidPromise());
                        }
                    }, seconds, seconds, TimeUnit.SECONDS);
        }
    }

    private static void cancel(ScheduledFuture<?> f) {
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Sends a NOTIFICATION, then closes. */
    void fail(Notification n, String reason) {
        if (closed) {
            return;
        }
        sent = n;
        cancel(keepaliveTimer); // nothing may follow the NOTIFICATION
        ChannelFuture written = channel.writeAndFlush(n);
        close(reason); // before the close listener can report "connection closed"
        written.addListener(ChannelFutureListener.CLOSE);
    }

    /** Ends the session (idempotent) and tells the peer. */
    void close(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        SessionState was = state;
        state = SessionState.IDLE;
        cancel(holdTimer);
        cancel(keepaliveTimer);
        if (sent == null) {
            channel.close();
        }
        peer.sessionClosed(this, was, reason, sent, received);
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        close("connection closed");
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("{}: connection error", peer, cause);
        close("connection error: " + cause.getMessage());
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable() && state == SessionState.ESTABLISHED) {
            peer.writable();
        }
        ctx.fireChannelWritabilityChanged();
    }
}
