package io.jcalico.bgp.server;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.BgpFrameDecoder;
import io.jcalico.bgp.codec.BgpMessageEncoder;
import io.jcalico.bgp.codec.ErrorCodes;
import io.jcalico.bgp.codec.Notification;
import io.jcalico.bgp.codec.RouteRefresh;
import io.jcalico.bgp.codec.Update;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.config.StaticRouteConfig;
import io.jcalico.bgp.fsm.DownEvent;
import io.jcalico.bgp.fsm.Negotiated;
import io.jcalico.bgp.fsm.PeerFsm;
import io.jcalico.bgp.fsm.SessionListener;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.policy.Policy;
import io.jcalico.bgp.rib.BestPathListener;
import io.jcalico.bgp.rib.Rib;
import io.jcalico.bgp.rib.RibPeer;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running BGP speaker: listener, outgoing connections, neighbour registry, RIB. Everything runs on
 * one event loop (the single writer of the RIB); public methods queue onto it and return futures,
 * so they may be called from any thread. Start with {@link #start(SpeakerConfig)}, stop with
 * {@link #close()}.
 *
 * <pre>
 * try (BgpSpeaker s = BgpSpeaker.start(SpeakerConfig.of("198.18.0.1", 65001, "127.0.0.1", 0)
 *         .withNeighbor(NeighborConfig.of("127.0.0.2", 10179, 65002)))) {
 *     s.addBestPathListener((family, prefix, best) -> ...);
 *     s.originate("198.18.64.0/26").join();
 * }
 * </pre>
 */
public final class BgpSpeaker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BgpSpeaker.class);
    /** Default wait for End-of-RIB after a restarted peer is back before dropping its stale routes. */
    static final int DEFAULT_STALE_PATH_TIME = 360;
    /** Default longest wait of a restarted speaker for its peers' End-of-RIB (BIRD's graceful restart wait). */
    static final int DEFAULT_SELECTION_DEFERRAL_TIME = 240;
    /**
     * Prefixes after which received UPDATEs are passed on without waiting for the end of the read:
     * one read can bring a megabyte (200k prefixes); smaller batches keep the queued changes small
     * (cache-resident, no table regrowing per batch) and the next hop busy sooner.
     */
    static final int FLUSH_EVERY = 8192;

    private final SpeakerConfig config;
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop loop;
    private final boolean epoll;
    private final Rib rib;
    private final Map<String, Policy> policies;
    private final Map<IPAddress, Neighbor> neighbors = new HashMap<>();
    private final Map<PeerFsm, Neighbor> byFsm = new HashMap<>();
    private final Listener listener = new Listener();
    private final int stalePathTime;
    /** Until when (System.nanoTime) neighbours' OPENs say we are restarting; 0 when we are not. */
    private final long restartingUntil;
    /** RFC 4724 §4.1: after a restart, advertising waits for the peers' End-of-RIB; null when done. */
    private SelectionDeferral deferral;
    private ScheduledFuture<?> deferralTimer;
    private Channel server;
    /** The listener sends with TTL 255 (once a GTSM neighbour exists, so SYN-ACKs carry it). */
    private boolean serverMaxTtl;
    private boolean flushQueued;
    /** Prefixes applied since the last flush (see {@link #FLUSH_EVERY}). */
    private int unflushed;

    /** One configured neighbour: its FSM, its RIB face, its timers. */
    private static final class Neighbor {
        final NeighborConfig config;
        final PeerFsm fsm;
        final RibPeer ribPeer;
        ScheduledFuture<?> staleTimer;
        /** Starts the session again after it was stopped for exceeding its prefix limit. */
        ScheduledFuture<?> limitTimer;

        void cancelTimers() {
            for (ScheduledFuture<?> t : new ScheduledFuture<?>[] {staleTimer, limitTimer}) {
                if (t != null) {
                    t.cancel(false);
                }
            }
            staleTimer = null;
            limitTimer = null;
        }

        Neighbor(NeighborConfig config, PeerFsm fsm, RibPeer ribPeer) {
            this.config = config;
            this.fsm = fsm;
            this.ribPeer = ribPeer;
        }
    }

    private BgpSpeaker(SpeakerConfig config) {
        this.config = config;
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        this.group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("bgp-speaker", true), io);
        this.loop = group.next();
        this.policies = ConfigMapping.policies(config);
        int clusterId = config.clusterId() == null ? 0 : ConfigMapping.ipv4AsInt(config.clusterId());
        this.rib = new Rib(config.asn(), ConfigMapping.ipv4AsInt(config.routerId()), clusterId, this::maxPrefixes);
        this.stalePathTime = config.stalePathTime() == null ? DEFAULT_STALE_PATH_TIME : config.stalePathTime();
        int restart = config.restartTime() == null ? ConfigMapping.DEFAULT_RESTART_TIME : config.restartTime();
        this.restartingUntil = Boolean.TRUE.equals(config.restarting()) && restart > 0
                ? System.nanoTime() + TimeUnit.SECONDS.toNanos(restart) : 0;
        if (restartingUntil != 0) {
            deferral = new SelectionDeferral(this::deferralEnded);
            rib.holdAdvertisements(true);
        }
    }

    /** Within the restart window of a restarted process (RFC 4724 §4.1). */
    private boolean restarting() {
        return restartingUntil != 0 && System.nanoTime() - restartingUntil < 0;
    }

    /** Binds the listener (unless listenPort is -1), starts every neighbour, originates static routes. */
    public static BgpSpeaker start(SpeakerConfig config) throws InterruptedException {
        BgpSpeaker s = new BgpSpeaker(config);
        try {
            s.bind();
            s.onLoop(() -> {
                for (NeighborConfig n : config.neighbors()) {
                    s.addNeighborOnLoop(n);
                }
                for (StaticRouteConfig r : config.staticRoutes()) {
                    s.rib.originate(ConfigMapping.address(r.prefix()).toPrefixBlock(), ConfigMapping.staticAttributes(r));
                }
                s.startDeferral();
                return null;
            }).join();
        } catch (RuntimeException | InterruptedException e) {
            s.close();
            throw e;
        }
        log.info("BGP speaker AS{} router ID {} started ({}, listening on {}{})", config.asn(), config.routerId(),
                s.epoll ? "epoll" : "nio", s.server == null ? "nothing" : s.server.localAddress(),
                s.restarting() ? ", graceful restart: forwarding preserved for " + config.forwardingPreserved() : "");
        return s;
    }

    /**
     * Arms the selection deferral timer. With neighbours configured but none to wait for (graceful
     * restart off for all), the wait ends at once; with none configured it lasts until neighbours
     * added later are done, or the timer.
     */
    private void startDeferral() {
        if (deferral == null) {
            return;
        }
        int seconds = config.selectionDeferralTime() == null ? DEFAULT_SELECTION_DEFERRAL_TIME
                : config.selectionDeferralTime();
        log.info("restarted: advertising nothing until End-of-RIB from every graceful restart peer (at most {} s)",
                seconds);
        deferralTimer = loop.schedule(() -> {
            if (deferral != null) {
                log.warn("selection deferral timer expired after {} s, still waiting for {}: advertising now",
                        seconds, deferral.pending());
                deferral.expire();
            }
        }, seconds, TimeUnit.SECONDS);
        if (!config.neighbors().isEmpty() && deferral.pending().isEmpty()) {
            deferral.expire();
        }
    }

    private void deferralEnded() {
        deferral = null;
        if (deferralTimer != null) {
            deferralTimer.cancel(false);
            deferralTimer = null;
        }
        log.info("selection deferral over: advertising to every peer, End-of-RIB last");
        rib.holdAdvertisements(false);
    }

    private void bind() throws InterruptedException {
        int port = config.listenPort() == null ? ConfigMapping.DEFAULT_PORT : config.listenPort();
        if (port < 0) {
            return;
        }
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        String addr = config.listenAddress() == null ? "0.0.0.0" : config.listenAddress();
        server = new ServerBootstrap().group(group).channel(type)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        installCodec(ch);
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelActive(ChannelHandlerContext ctx) {
                                ctx.pipeline().remove(this);
                                accepted(ctx.channel());
                                ctx.fireChannelActive();
                            }
                        });
                    }
                })
                .bind(new InetSocketAddress(ConfigMapping.address(addr).toInetAddress(), port)).sync().channel();
    }

    private static void installCodec(Channel ch) {
        ch.pipeline().addLast("bgp-decoder", new BgpFrameDecoder());
        ch.pipeline().addLast("bgp-encoder", BgpMessageEncoder.INSTANCE);
    }

    private void accepted(Channel ch) {
        InetSocketAddress remote = (InetSocketAddress) ch.remoteAddress();
        Neighbor n = neighbors.get(ConfigMapping.address(remote.getAddress().getHostAddress()));
        if (n == null) {
            log.warn("connection from unknown peer {} refused", remote);
            ch.close();
            return;
        }
        if (n.config.gtsm()) {
            // the kernel drops what arrives below the minimum TTL from now on (RFC 5082)
            SocketSecurity.apply(ch, n.ribPeer.address().isIPv4(), n.config.ttlSecurity());
        }
        n.fsm.connectionUp(ch, false);
    }

    private void connect(PeerFsm fsm) {
        Neighbor n = byFsm.get(fsm);
        NeighborConfig c = n.config;
        InetSocketAddress remote = new InetSocketAddress(ConfigMapping.address(c.address()).toInetAddress(),
                c.port() == null ? ConfigMapping.DEFAULT_PORT : c.port());
        InetSocketAddress local = c.localAddress() == null ? null
                : new InetSocketAddress(ConfigMapping.address(c.localAddress()).toInetAddress(), 0);
        Bootstrap b = new Bootstrap().group(loop).channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(1 << 20, 4 << 20))
                .handler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        if (c.gtsm()) {
                            // before connect, so the SYN already carries TTL 255
                            SocketSecurity.apply(ch, remote.getAddress() instanceof java.net.Inet4Address, c.ttlSecurity());
                        }
                        installCodec(ch);
                    }
                });
        if (c.password() != null) {
            // set on the socket before connect: the SYN is signed (RFC 2385)
            b.option(EpollChannelOption.TCP_MD5SIG, Map.of(remote.getAddress(), key(c.password())));
        }
        b
                .connect(remote, local).addListener(f -> {
                    if (byFsm.get(fsm) != n) {
                        return; // removed meanwhile
                    }
                    if (f.isSuccess()) {
                        fsm.connectionUp(((io.netty.channel.ChannelFuture) f).channel(), true);
                    } else {
                        fsm.connectFailed(String.valueOf(f.cause().getMessage()));
                    }
                });
    }

    // ---- running on the loop ---------------------------------------------------------------------

    private <T> CompletableFuture<T> onLoop(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Exception | Error e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private void queueFlush(int prefixes) {
        unflushed += prefixes;
        if (unflushed >= FLUSH_EVERY) {
            flushNow();
            return;
        }
        if (!flushQueued) {
            flushQueued = true;
            loop.execute(() -> {
                flushQueued = false;
                flushNow();
            });
        }
    }

    private void flushNow() {
        unflushed = 0;
        rib.flush();
    }

    private void addNeighborOnLoop(NeighborConfig c) {
        IPAddress addr = ConfigMapping.address(c.address());
        if (neighbors.containsKey(addr)) {
            throw new IllegalArgumentException("neighbor " + c.address() + " exists");
        }
        RibPeer rp = rib.addPeer(ConfigMapping.ribPeer(config, c, policies));
        PeerFsm fsm = new PeerFsm(ConfigMapping.session(config, c), loop, this::connect, listener);
        Neighbor n = new Neighbor(c, fsm, rp);
        neighbors.put(addr, n);
        byFsm.put(fsm, n);
        fsm.restartState(restarting());
        String refused = secureTransport(c);
        if (refused != null) {
            fsm.refuse(refused);
            return;
        }
        if (deferral != null && fsm.settings().gracefulRestart()) {
            deferral.expect(addr);
        }
        fsm.start();
    }

    /**
     * Prepares the listener for a neighbour's TCP MD5 key and GTSM; returns why the session cannot
     * be set up as configured, or null.
     */
    private String secureTransport(NeighborConfig c) {
        if ((c.password() != null || c.gtsm()) && !epoll) {
            return (c.password() != null ? "TCP MD5 password" : "ttlSecurity")
                    + " needs the epoll transport, unavailable: " + Epoll.unavailabilityCause();
        }
        try {
            if (c.password() != null) {
                updateServerKeys();
            }
            if (c.gtsm() && server != null && !serverMaxTtl) {
                // our SYN-ACK must carry TTL 255 for a GTSM peer connecting to us
                SocketSecurity.sendMaxTtl(server, true);
                if (!ConfigMapping.address(((InetSocketAddress) server.localAddress()).getAddress().getHostAddress()).isIPv4()) {
                    SocketSecurity.sendMaxTtl(server, false);
                }
                serverMaxTtl = true;
            }
            return null;
        } catch (RuntimeException e) {
            return "cannot secure the transport: " + e.getMessage();
        }
    }

    /** The listener's TCP MD5 keys: one per neighbour with a password (the kernel checks incoming SYNs). */
    private void updateServerKeys() {
        if (server == null) {
            return;
        }
        Map<InetAddress, byte[]> keys = new HashMap<>();
        for (Neighbor n : neighbors.values()) {
            if (n.config.password() != null) {
                keys.put(n.ribPeer.address().toInetAddress(), key(n.config.password()));
            }
        }
        server.config().setOption(EpollChannelOption.TCP_MD5SIG, keys);
    }

    private static byte[] key(String password) {
        return password.getBytes(StandardCharsets.UTF_8);
    }

    private void maxPrefixes(RibPeer peer, AddressFamily family, long accepted) {
        Neighbor n = neighbors.get(peer.address());
        if (n == null || !n.fsm.isEstablished()) {
            return;
        }
        int max = peer.config().maxPrefixes();
        Integer restart = n.config.maxPrefixRestart();
        boolean restarts = restart != null && restart > 0;
        log.warn("{}: {} prefixes accepted, limit {}: session closed{}", n.fsm, accepted, max,
                restarts ? ", starting again in " + restart + " s" : " until an operator resets it");
        // RFC 4486: the data is the AFI, SAFI and the limit.
        byte[] data = {(byte) (family.afi() >> 8), (byte) family.afi(), (byte) family.safi(),
                (byte) (max >>> 24), (byte) (max >>> 16), (byte) (max >>> 8), (byte) max};
        n.fsm.stop(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_MAX_PREFIXES, data),
                "maximum of " + max + " prefixes exceeded");
        if (deferral != null) {
            deferral.forget(peer.address());
        }
        if (restarts) {
            n.limitTimer = loop.schedule(() -> {
                n.limitTimer = null;
                if (byFsm.get(n.fsm) == n && n.fsm.isStopped()) {
                    log.info("{}: prefix limit restart timer expired, starting again", n.fsm);
                    n.fsm.start();
                }
            }, restart, TimeUnit.SECONDS);
        }
    }

    /** FSM events become RIB operations. */
    private final class Listener implements SessionListener {
        @Override
        public void established(PeerFsm fsm, Negotiated negotiated) {
            Neighbor n = byFsm.get(fsm);
            Channel ch = fsm.channel();
            IPAddress local = ConfigMapping.address(((InetSocketAddress) ch.localAddress()).getAddress().getHostAddress());
            NextHop v4 = local.isIPv4() ? NextHop.of(local) : null;
            NextHop v6 = local.isIPv6() ? NextHop.of(local.toIPv6().removeZone()) : null;
            if (n.staleTimer != null) {
                n.staleTimer.cancel(false);
            }
            rib.peerUp(n.ribPeer, negotiated.peerRouterId(), negotiated.families(), new ChannelSink(fsm, ch), v4, v6);
            var gr = negotiated.peerGracefulRestart();
            if (deferral != null) {
                deferral.established(n.ribPeer.address(), negotiated.families(), gr != null, gr != null && gr.restarting());
            }
            boolean waiting = false;
            for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
                if (n.ribPeer.counters(f).stale() == 0) {
                    continue;
                }
                // RFC 4724 §4.2: without the F bit its forwarding was lost, so are the stale routes.
                if (gr != null && gr.preservedForwarding(f) && negotiated.families().contains(f)) {
                    waiting = true;
                    log.info("{}: keeping {} stale {} routes until its End-of-RIB (at most {} s)", fsm,
                            n.ribPeer.counters(f).stale(), f, stalePathTime);
                } else {
                    rib.purgeStale(n.ribPeer, f);
                }
            }
            if (waiting) {
                n.staleTimer = loop.schedule(() -> purgeStale(n), stalePathTime, TimeUnit.SECONDS);
            }
        }

        @Override
        public void down(PeerFsm fsm, DownEvent event) {
            Neighbor n = byFsm.get(fsm);
            if (n == null) {
                return;
            }
            rib.peerDown(n.ribPeer, event.gracefulRestart());
            if (n.staleTimer != null) {
                n.staleTimer.cancel(false);
            }
            if (event.gracefulRestart()) {
                for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
                    if (!event.retained().contains(f)) {
                        rib.purgeStale(n.ribPeer, f);
                    }
                }
                log.info("{}: keeping its {} routes as stale for {} s (graceful restart)", fsm, event.retained(),
                        event.restartTime());
                n.staleTimer = loop.schedule(() -> purgeStale(n), event.restartTime(), TimeUnit.SECONDS);
            }
        }

        @Override
        public void update(PeerFsm fsm, Update update) {
            Neighbor n = byFsm.get(fsm);
            rib.apply(n.ribPeer, update);
            AddressFamily eor = update.endOfRibFamily();
            if (eor != null && deferral != null) {
                deferral.endOfRib(n.ribPeer.address(), eor);
            }
            queueFlush(update.prefixCount());
        }

        @Override
        public void routeRefresh(PeerFsm fsm, RouteRefresh refresh) {
            Neighbor n = byFsm.get(fsm);
            AddressFamily f = refresh.family();
            if (!f.isSupported()) {
                return;
            }
            switch (refresh.subtype()) {
                case RouteRefresh.NORMAL -> rib.refreshOut(n.ribPeer, f,
                        fsm.negotiated() != null && fsm.negotiated().enhancedRouteRefresh());
                case RouteRefresh.BEGIN_OF_RR -> rib.markStale(n.ribPeer, f);
                case RouteRefresh.END_OF_RR -> rib.purgeStale(n.ribPeer, f);
                default -> { }
            }
        }

        @Override
        public void writable(PeerFsm fsm) {
            rib.flush();
        }
    }

    private void purgeStale(Neighbor n) {
        rib.purgeStale(n.ribPeer, AddressFamily.IPV4_UNICAST);
        rib.purgeStale(n.ribPeer, AddressFamily.IPV6_UNICAST);
    }

    // ---- public API --------------------------------------------------------------------------------

    public SpeakerConfig config() {
        return config;
    }

    /** The port the listener is bound to, -1 if not listening. */
    public int listenPort() {
        return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
    }

    public CompletableFuture<Void> addNeighbor(NeighborConfig c) {
        return onLoop(() -> {
            addNeighborOnLoop(c);
            return null;
        });
    }

    /**
     * Defines or replaces the policy of that name, for neighbours added from now on that name it as
     * import or export policy (a neighbour already added keeps the policy it was added with).
     */
    public CompletableFuture<Void> definePolicy(Policy policy) {
        return onLoop(() -> {
            policies.put(policy.name(), policy);
            return null;
        });
    }

    /** Forgets a policy defined with {@link #definePolicy}; neighbours using it keep it. */
    public CompletableFuture<Void> forgetPolicy(String name) {
        return onLoop(() -> {
            policies.remove(name);
            return null;
        });
    }

    /** Stops the session (Cease/Peer De-configured), forgets the neighbour and its routes. */
    public CompletableFuture<Boolean> removeNeighbor(String address) {
        return onLoop(() -> {
            Neighbor n = neighbors.remove(ConfigMapping.address(address));
            if (n == null) {
                return false;
            }
            n.fsm.stop(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_PEER_DECONFIGURED));
            byFsm.remove(n.fsm);
            n.cancelTimers();
            if (deferral != null) {
                deferral.forget(n.ribPeer.address());
            }
            rib.removePeer(n.ribPeer);
            rib.flush();
            if (n.config.password() != null && epoll) {
                updateServerKeys();
            }
            return true;
        });
    }

    /** Originates a prefix ("198.18.64.0/26") with default attributes: ORIGIN IGP, next hop self. */
    public CompletableFuture<Void> originate(String prefix) {
        return originate(ConfigMapping.address(prefix), AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP).build());
    }

    public CompletableFuture<Void> originate(IPAddress prefix, AttributeSet attributes) {
        return onLoop(() -> {
            rib.originate(prefix.toPrefixBlock(), attributes);
            return null;
        });
    }

    public CompletableFuture<Void> withdraw(String prefix) {
        return withdraw(ConfigMapping.address(prefix));
    }

    public CompletableFuture<Void> withdraw(IPAddress prefix) {
        return onLoop(() -> {
            rib.withdrawOriginated(prefix.toPrefixBlock());
            return null;
        });
    }

    /** Registers a listener called on the speaker's thread for every Loc-RIB best-path change. */
    public CompletableFuture<Void> addBestPathListener(BestPathListener l) {
        return onLoop(() -> {
            rib.addListener(l);
            return null;
        });
    }

    public CompletableFuture<Void> removeBestPathListener(BestPathListener l) {
        return onLoop(() -> {
            rib.removeListener(l);
            return null;
        });
    }

    /**
     * Runs a read-only query on the RIB on the speaker's thread (listings for the API). The function
     * must copy what it returns.
     */
    public <T> CompletableFuture<T> query(Function<Rib, T> q) {
        return onLoop(() -> q.apply(rib));
    }

    /** The RIB face of a neighbour for {@link #query} (null if unknown); use on the speaker's thread. */
    public RibPeer ribPeer(String address) {
        Neighbor n = neighbors.get(ConfigMapping.address(address));
        return n == null ? null : n.ribPeer;
    }

    public CompletableFuture<List<PeerStatus>> peers() {
        return onLoop(() -> {
            List<PeerStatus> out = new ArrayList<>();
            for (Neighbor n : neighbors.values()) {
                out.add(status(n));
            }
            out.sort((a, b) -> ConfigMapping.address(a.config().address()).compareTo(ConfigMapping.address(b.config().address())));
            return out;
        });
    }

    public CompletableFuture<PeerStatus> peer(String address) {
        return onLoop(() -> {
            Neighbor n = neighbors.get(ConfigMapping.address(address));
            return n == null ? null : status(n);
        });
    }

    private static PeerStatus status(Neighbor n) {
        Map<AddressFamily, PeerStatus.Counters> counters = new HashMap<>();
        for (AddressFamily f : ConfigMapping.families(n.config.families())) {
            RibPeer.Counters c = n.ribPeer.counters(f);
            counters.put(f, new PeerStatus.Counters(c.received(), c.accepted(), n.ribPeer.advertised(f)));
        }
        Negotiated neg = n.fsm.negotiated();
        return new PeerStatus(n.config, n.fsm.state(), n.fsm.stateSinceMillis(), n.fsm.uptimeMillis(),
                neg == null ? "" : neg.remote().bgpIdString(), neg == null ? 0 : neg.holdTime(), Map.copyOf(counters),
                n.fsm.lastError(), n.fsm.updatesReceived(), n.fsm.updatesSent());
    }

    /**
     * Hard reset, as an operator's {@code clear bgp}: an established session is closed with
     * Cease/Administrative Reset and connects again; a stopped one (its prefix limit exceeded)
     * starts again. False if the neighbour is unknown.
     */
    public CompletableFuture<Boolean> resetNeighbor(String address) {
        return onLoop(() -> {
            Neighbor n = neighbors.get(ConfigMapping.address(address));
            if (n == null) {
                return false;
            }
            if (n.limitTimer != null) {
                n.limitTimer.cancel(false);
                n.limitTimer = null;
            }
            if (n.fsm.isStopped()) {
                log.info("{}: started again by an operator", n.fsm);
                n.fsm.start();
            } else {
                n.fsm.reset(new Notification(ErrorCodes.CEASE, ErrorCodes.CEASE_ADMIN_RESET), "reset by an operator");
            }
            return true;
        });
    }

    /** Inbound: asks the peer to resend (ROUTE-REFRESH); outbound: resends our routes to it. */
    public CompletableFuture<Boolean> softReset(String address, boolean inbound, boolean outbound) {
        return onLoop(() -> {
            Neighbor n = neighbors.get(ConfigMapping.address(address));
            if (n == null || !n.fsm.isEstablished()) {
                return false;
            }
            for (AddressFamily f : n.fsm.negotiated().families()) {
                if (inbound && n.fsm.negotiated().routeRefresh()) {
                    n.fsm.send(RouteRefresh.request(f));
                }
                if (outbound) {
                    rib.refreshOut(n.ribPeer, f, n.fsm.negotiated().enhancedRouteRefresh());
                }
            }
            n.fsm.flush();
            return true;
        });
    }

    /** Waits until a neighbour reaches a state (for tests and tools). */
    public boolean awaitState(String address, SessionState state, long timeoutMillis) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < end) {
            PeerStatus s = peer(address).join();
            if (s != null && s.state() == state) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    /** Sends Cease/Administrative Shutdown to every peer and stops. */
    @Override
    public void close() {
        if (!group.isShuttingDown()) {
            try {
                onLoop(() -> {
                    for (Neighbor n : neighbors.values()) {
                        n.fsm.stop(Notification.shutdown(ErrorCodes.CEASE_ADMIN_SHUTDOWN, "speaker shutting down"));
                    }
                    return null;
                }).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.debug("shutdown notifications", e);
            }
            if (server != null) {
                server.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
            }
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
            log.info("BGP speaker AS{} stopped", config.asn());
        }
    }

    static IPAddress parse(String address) {
        return new IPAddressString(address).getAddress();
    }
}
