package io.jcalico.felix.node;

import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.felix.api.NodeApiServer;
import io.jcalico.felix.cni.CalicoCniHandler;
import io.jcalico.felix.cni.CniSocketServer;
import io.jcalico.felix.cni.IpamPlugin;
import io.jcalico.felix.cni.NetworkProfiles;
import io.jcalico.felix.cni.PodAttacher;
import io.jcalico.felix.cni.PodPlumber;
import io.jcalico.felix.health.HealthAggregator;
import io.jcalico.felix.health.HealthServer;
import io.jcalico.felix.health.Metrics;
import io.jcalico.felix.health.NodeMetrics;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.model.WorkloadEndpoint;
import io.jcalico.felix.calc.DatastoreSyncer;
import io.jcalico.felix.dataplane.PolicyDataplane;
import io.jcalico.felix.dataplane.PolicyDataplaneConfig;
import io.jcalico.felix.driver.KernelTableReconciler;
import io.jcalico.felix.driver.pod.PodNetworkPlumber;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.felix.netlink.SysctlKey;
import io.jcalico.felix.netlink.Sysctls;
import io.jcalico.felix.shim.ExecutorScheduler;
import io.jcalico.felix.wiring.CniReadiness;
import io.jcalico.felix.wiring.KernelPodPlumber;
import io.jcalico.felix.wiring.NodeBgp;
import io.jcalico.felix.calc.AffineBlockWatcher;
import io.jcalico.felix.calc.BgpPeerCalculator;
import io.jcalico.felix.calc.DesiredPeer;
import io.jcalico.felix.calc.IgnoredBgpFields;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.Node;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.jcalico.felix.wiring.PodRoutes;
import io.jcalico.felix.wiring.EtcdIpAllocator;
import io.jcalico.felix.wiring.StoreEndpointWriter;
import io.jcalico.felix.wiring.StoreProfileWriter;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.IpamOptions;
import io.jcalico.ipam.NodeResourceLabels;
import io.jcalico.ipam.ResourcePoolSource;
import io.jcalico.proto.node.BgpPeersResponse;
import io.jcalico.proto.node.RoutesResponse;
import io.jcalico.proto.node.StatusResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon: registers the node, then runs network policy, the CNI server (IPAM, veth
 * plumbing, WorkloadEndpoints), the node API, and health/metrics. Components are started in dependency
 * order and closed in reverse, so a failed start leaves nothing behind.
 */
public final class CalicoNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CalicoNode.class);
  public static final String VERSION = "v0.1.0";

  private final NodeConfig cfg;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final HealthAggregator health = new HealthAggregator(Clock.systemUTC());
  private final Metrics metrics = new Metrics();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final long startedAt = System.currentTimeMillis();
  private EtcdResourceStore store;
  private Netlink netlink;
  private RouteReconciler routeReconciler;
  private PodRoutes podRoutes;
  // read by the API and CNI threads; set by the start tasks
  private volatile NodeBgp bgp;
  /** Says once per resource version which BGPPeer/BGPConfiguration fields have no effect. */
  private IgnoredBgpFields ignoredBgpFields;
  private volatile PolicyDataplane policy;
  private boolean restarted;
  /** Calico's graceful restart time, unless BGPConfiguration nodeMeshMaxRestartTime says otherwise. */
  private static final int DEFAULT_RESTART_SECONDS = 120;
  private final AtomicBoolean endpointsInSync = new AtomicBoolean();
  /** How many BGP peers the speaker was given; -1 until they were computed (none is an answer too). */
  private final AtomicInteger bgpPeersConfigured = new AtomicInteger(-1);
  /** Long enough after Established for a peer's UPDATEs to be in (its End-of-RIB is not visible here). */
  private static final Duration SESSION_SETTLED = Duration.ofSeconds(1);
  private static final Map<io.jcalico.bgp.fsm.SessionState, String> STATE_NAMES = Map.of(
      io.jcalico.bgp.fsm.SessionState.IDLE, "Idle", io.jcalico.bgp.fsm.SessionState.CONNECT, "Connect",
      io.jcalico.bgp.fsm.SessionState.ACTIVE, "Active", io.jcalico.bgp.fsm.SessionState.OPEN_SENT, "OpenSent",
      io.jcalico.bgp.fsm.SessionState.OPEN_CONFIRM, "OpenConfirm", io.jcalico.bgp.fsm.SessionState.ESTABLISHED, "Established");
  /** How long a restarted node keeps the routes it found before removing those nobody wants. */
  private static final Duration ROUTE_ADOPTION_WINDOW = Duration.ofSeconds(60);

  private final StartupTimeline timeline;
  /** Datastore syncers not yet in sync: endpoints, BGP inputs, policy. */
  private final AtomicInteger syncersPending = new AtomicInteger(3);

  private CalicoNode(NodeConfig cfg, StartupTimeline timeline) {
    this.cfg = cfg;
    this.timeline = timeline;
  }

  /** Starts every component, marking its phases on {@code timeline}; on failure closes what was started and rethrows. */
  public static CalicoNode start(NodeConfig cfg, StartupTimeline timeline) {
    CalicoNode n = new CalicoNode(cfg, timeline);
    try {
      n.startAll();
      return n;
    } catch (RuntimeException | Error e) {
      n.close();
      throw e;
    }
  }

  private synchronized AutoCloseable nextToClose() {
    return resources.poll();
  }

  private synchronized <T extends AutoCloseable> T own(T resource) {
    resources.push(resource);
    return resource;
  }

  /**
   * Starts the components, independent ones side by side, each as soon as what it needs is there:
   *
   * <pre>
   *   health server, node API ──────────────────────────────────────────────┐
   *   etcd client, first round trip ─┬─ registration ───────────────────────┤
   *                                  ├─ policy (writes nothing before in sync)
   *                                  │                                      ├─ ready
   *   kernel: netlink, routes adopted┴┬ BGP (inputs synced: AS, port, peers)┤
   *                                   ├ pod routes of our endpoints ────────┤
   *                                   └ CNI server (needs policy too) ──────┘
   * </pre>
   *
   * BGP waits for neither registration (on a restart the Node is there already; on a first start
   * it waits for the Node to appear) nor policy nor CNI: the sooner it listens, the sooner the
   * peers, which keep our routes as graceful restart helpers meanwhile, have their sessions back.
   * Every task's resources are owned after those of the tasks it depends on, so closing in reverse
   * stays in dependency order; a failed task fails the start once every other task has settled.
   */
  private void startAll() {
    // not ready until every component has started: readiness must not pass on the first component's report
    health.report("node", true, false, "starting", Duration.ZERO);
    HealthServer hs = own(new HealthServer(new InetSocketAddress(cfg.healthHost(), cfg.healthPort()), health, metrics).start());
    log.info("health and metrics on http://{}:{}/", cfg.healthHost(), hs.port());

    ExecutorService starter = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "calico-node-start");
      t.setDaemon(true);
      return t;
    });
    try {
      CompletableFuture<Void> api = CompletableFuture.runAsync(this::startApi, starter);
      CompletableFuture<Void> datastore = CompletableFuture.runAsync(this::connectDatastore, starter);
      CompletableFuture<Void> kernel = CompletableFuture.runAsync(this::startKernel, starter);
      CompletableFuture<Void> bgpStarted = after(starter, this::startBgp, datastore, kernel);
      CompletableFuture<Void> registered = after(starter, this::register, datastore);
      CompletableFuture<Void> policyStarted = after(starter, this::startPolicy, datastore);
      CompletableFuture<Void> podRoutesStarted = after(starter, this::startEndpointRoutes, datastore, kernel);
      CompletableFuture<Void> cni = after(starter, this::startCni, datastore, kernel, policyStarted);
      awaitAll(api, datastore, kernel, bgpStarted, registered, policyStarted, podRoutesStarted, cni);
    } finally {
      starter.shutdown();
    }
    NodeMetrics.routesProgrammed(metrics, routeReconciler::programmed);
    NodeMetrics.bgpSessions(metrics, () -> bgp.status().stream().collect(java.util.stream.Collectors.groupingBy(
        p -> STATE_NAMES.get(p.state()), java.util.stream.Collectors.counting())));
    ready.set(true);
    health.report("node", true, true, "", Duration.ZERO);
    timeline.mark(StartupTimeline.Phase.READY);
    log.info("calico-node {} is running on node {}", VERSION, cfg.nodeName());
  }

  private static CompletableFuture<Void> after(Executor on, Runnable task, CompletableFuture<?>... needs) {
    return CompletableFuture.allOf(needs).thenRunAsync(task, on);
  }

  /** Waits until every task has settled, then rethrows a failure as its task threw it. */
  private static void awaitAll(CompletableFuture<?>... tasks) {
    try {
      CompletableFuture.allOf(tasks).join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof CompletionException && cause.getCause() != null) cause = cause.getCause(); // via a dependent task
      if (cause instanceof RuntimeException re) throw re;
      if (cause instanceof Error err) throw err;
      throw e;
    }
  }

  /** The etcd client, and one round trip through it: the node daemon's datastore is reachable. */
  private void connectDatastore() {
    store = own(EtcdResourceStore.connect(cfg.etcdEndpoints(), Duration.ofSeconds(5), Admission.standard()));
    whileDatastoreUnavailable(() -> store.get(ResourceKind.NODE, null, cfg.nodeName()));
    timeline.mark(StartupTimeline.Phase.ETCD_CONNECTED);
  }

  private void register() {
    whileDatastoreUnavailable(() -> NodeRegistration.register(store, cfg, VERSION));
    health.report("datastore", true, true, "", Duration.ZERO);
    timeline.mark(StartupTimeline.Phase.NODE_REGISTERED);
  }

  private void startApi() {
    own(NodeApiServer.start(cfg.apiSocket(), new NodeApiServer.Sources(this::status, this::bgpPeers,
        () -> RoutesResponse.getDefaultInstance())));
  }

  /** CNI ADD/DEL/CHECK/STATUS: IPAM, veth plumbing, WorkloadEndpoints; refused ("try again") until ready. */
  private void startCni() {
    NodeResourceLabels nodeLabels = new NodeResourceLabels(store, Duration.ofSeconds(10));
    EtcdIpam ipam = own(EtcdIpam.create(store.etcd(), new ResourcePoolSource(store, Duration.ofSeconds(2)),
        nodeLabels, IpamOptions.DEFAULT));
    IpamPlugin ipamPlugin = new IpamPlugin(new EtcdIpAllocator(ipam, store), Clock.systemUTC());
    PodPlumber plumber = new KernelPodPlumber(new PodNetworkPlumber(netlink, NetNamespace.current(),
        RouteReconciler.JCALICO_ROUTE_PROTOCOL), podRoutes);
    ExecutorService cniBackground = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "cni-background");
      t.setDaemon(true);
      return t;
    });
    own(cniBackground::shutdownNow);
    PodAttacher attacher = new PodAttacher(ipamPlugin, plumber, new StoreEndpointWriter(store),
        new NetworkProfiles(new StoreProfileWriter(store), io.jcalico.felix.shim.Clock.system(),
            NetworkProfiles.REMEMBER),
        NodeMetrics.cniSteps(metrics), cniBackground, PodAttacher::randomPodMac);
    CalicoCniHandler handler = new CalicoCniHandler(cfg.nodeName(), attacher, ipamPlugin,
        new CniReadiness(cfg.nodeName(), store, nodeLabels, conf -> !ready.get() ? Optional.of("calico-node is starting")
            : policy.status().protecting() ? Optional.empty() : Optional.of("network policy is not programmed yet")));
    try {
      CniSocketServer cni = CniSocketServer.start(cfg.cniSocket(), NodeMetrics.timed(handler, metrics));
      own(() -> cni.close());
      timeline.mark(StartupTimeline.Phase.CNI_LISTENING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for CNI requests on " + cfg.cniSocket() + ": " + e.getMessage(), e);
    }
    log.info("CNI requests on {}", cfg.cniSocket());
  }

  /**
   * Kernel access and the route reconciler, which adopts the routes a previous run left (never
   * flushing them) until the desired state is complete.
   */
  private void startKernel() {
    Rtnetlink.ensureAvailability();
    Sysctls.in(NetNamespace.current()).apply(Map.of(
        SysctlKey.of("net", "ipv4", "ip_forward"), "1",
        SysctlKey.of("net", "ipv6", "conf", "all", "forwarding"), "1"));
    netlink = own(Rtnetlink.open());
    // routes of ours already in the kernel mean a previous run of this daemon: a restart
    restarted = java.util.Arrays.stream(io.jcalico.felix.netlink.IpFamily.values())
        .flatMap(f -> netlink.listRoutes(f).stream())
        .anyMatch(r -> r.protocol() == RouteReconciler.JCALICO_ROUTE_PROTOCOL);
    if (restarted) log.info("found routes of a previous run: restarting gracefully, keeping them");
    ExecutorScheduler scheduler = own(new ExecutorScheduler("route-reconciler"));
    RouteReconciler routes = own(new RouteReconciler(netlink, scheduler,
        RouteReconciler.Config.DEFAULT.withSettings(new KernelTableReconciler.Settings(cfg.routeRefresh(), Duration.ofSeconds(1)))));
    routeReconciler = routes;
    podRoutes = new PodRoutes(routes);
    routes.start();
    routes.apply(); // reads the kernel's routes of ours: adopted, kept until the desired state is complete
    timeline.mark(StartupTimeline.Phase.ROUTES_ADOPTED);
  }

  /**
   * The pod routes of this node's WorkloadEndpoints; until they are loaded the reconciler only
   * adopts, so a restart keeps every pod reachable.
   */
  private void startEndpointRoutes() {
    DatastoreSyncer endpoints = own(new DatastoreSyncer(store, List.of(ResourceKind.WORKLOAD_ENDPOINT),
        new DatastoreSyncer.Listener() {
          @Override
          public void onUpdate(ResourceKind kind, DatastoreSyncer s) {
            podRoutes.replaceAll(localEndpointRoutes(s.all(ResourceKind.WORKLOAD_ENDPOINT, WorkloadEndpoint.class)));
          }

          @Override
          public void onInSync(DatastoreSyncer s) {
            endpointsInSync.set(true);
            syncerInSync();
          }
        }, Duration.ofSeconds(1)));
    endpoints.start();
  }

  /**
   * Network policy for this node's endpoints (Felix's job). Nothing is written before the
   * datastore is in sync: a restarted node keeps the rules the last run left (shutdown leaves
   * them, as Felix does) and its first apply rewrites only what differs. New pods are refused
   * (CNI "try again later") until policy is in the kernel, so no endpoint ever runs unprotected;
   * once it is, an interface the policy does not know yet is dropped by the dispatch chains.
   * The same writer programs the IP pools' natOutgoing (nat table, Felix's layout).
   */
  private void startPolicy() {
    health.report("policy", true, false, "waiting for the datastore", Duration.ZERO);
    policy = own(PolicyDataplane.start(store, cfg.nodeName(), PolicyDataplaneConfig.DEFAULT.withBackend(cfg.policyBackend())))
        .onStatus(s -> {
          if (s.lastOutcome() != null) {
            timeline.mark(StartupTimeline.Phase.POLICY_PROGRAMMED);
            health.report("policy", true, s.converged(), s.converged() ? cfg.policyBackend().name().toLowerCase(java.util.Locale.ROOT)
                : s.lastOutcome() + ": " + s.lastError(), Duration.ZERO);
          }
        });
    policy.synced().thenRun(this::syncerInSync);
    log.info("network policy with {}", cfg.policyBackend());
  }

  private void syncerInSync() {
    if (syncersPending.decrementAndGet() == 0) timeline.mark(StartupTimeline.Phase.DATASTORE_SYNCED);
  }

  private Map<String, List<IPAddress>> localEndpointRoutes(List<WorkloadEndpoint> all) {
    Map<String, List<IPAddress>> out = new HashMap<>();
    for (WorkloadEndpoint w : all) {
      if (w.spec() == null || !cfg.nodeName().equals(w.spec().node()) || w.spec().interfaceName() == null) continue;
      List<IPAddress> addrs = new ArrayList<>();
      for (String n : w.spec().ipNetworks()) {
        IPAddress a = new IPAddressString(n).getAddress();
        if (a != null) addrs.add(a);
      }
      out.put(w.spec().interfaceName(), addrs);
    }
    return out;
  }

  /**
   * BGP: peers from Nodes, BGPPeers and BGPConfiguration; this node's confirmed blocks
   * originated; learned blocks routed. Leftover routes of a previous run are removed only once
   * the sessions had time to bring the routes back (all peers established, or the restart
   * window passed), so a restart does not blackhole traffic.
   */
  private void startBgp() {
    String routerId = cfg.ipv4() != null ? cfg.ipv4().withoutPrefixLength().toCanonicalString()
        : "10." + (cfg.nodeName().hashCode() >>> 8 & 0xffffff) / 65536 % 256 + ".0.1";
    String listen = cfg.ipv6() != null ? "::" : "0.0.0.0";
    ignoredBgpFields = new IgnoredBgpFields(cfg.nodeName());
    bgp = own(new NodeBgp(routeReconciler, routerId, listen, DEFAULT_RESTART_SECONDS, restarted,
        new io.jcalico.felix.wiring.BgpSecrets(cfg.bgpSecretsDir())));
    DatastoreSyncer bgpInputs = own(new DatastoreSyncer(store,
        List.of(ResourceKind.NODE, ResourceKind.BGP_PEER, ResourceKind.BGP_CONFIGURATION, ResourceKind.IP_POOL,
            ResourceKind.BGP_FILTER),
        new DatastoreSyncer.Listener() {
          @Override
          public void onUpdate(ResourceKind kind, DatastoreSyncer s) {
            recomputePeers(s);
          }

          @Override
          public void onInSync(DatastoreSyncer s) {
            recomputePeers(s);
            syncerInSync();
          }
        }, Duration.ofSeconds(1)));
    bgpInputs.start();
    AffineBlockWatcher blocks = own(new AffineBlockWatcher(store.etcd(), cfg.nodeName(), bgp::setBlocks, Duration.ofSeconds(1)));
    blocks.start();
    long started = System.nanoTime();
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "route-sync-gate");
      t.setDaemon(true);
      return t;
    });
    own(timer::shutdownNow);
    timer.scheduleWithFixedDelay(() -> {
      int peers = bgpPeersConfigured.get();
      List<io.jcalico.bgp.server.PeerStatus> sessions = peers > 0 ? bgp.status() : List.of();
      boolean peersUp = peers == 0 || peers > 0 && sessions.size() >= peers && sessions.stream().allMatch(
          p -> p.state() == io.jcalico.bgp.fsm.SessionState.ESTABLISHED && p.uptimeMillis() >= SESSION_SETTLED.toMillis());
      boolean windowOver = System.nanoTime() - started > ROUTE_ADOPTION_WINDOW.toNanos();
      if (endpointsInSync.get() && (peersUp || windowOver)) {
        routeReconciler.markInSync();
        routeReconciler.applySoon();
        health.report("routes", true, true, "", Duration.ZERO);
        timer.shutdown();
      }
    }, 2, 1, TimeUnit.SECONDS);
  }

  private void recomputePeers(DatastoreSyncer s) {
    if (!s.inSync()) return;
    List<Node> nodes = s.all(ResourceKind.NODE, Node.class);
    List<BGPConfiguration> configs = s.all(ResourceKind.BGP_CONFIGURATION, BGPConfiguration.class);
    BGPConfigurationSpec global = configs.stream().filter(c -> c.name().equals("default")).map(BGPConfiguration::spec)
        .findFirst().orElse(null);
    BGPConfigurationSpec perNode = configs.stream().filter(c -> c.name().equals("node." + cfg.nodeName()))
        .map(BGPConfiguration::spec).findFirst().orElse(null);
    Optional<Node> me = nodes.stream().filter(n -> n.name().equals(cfg.nodeName())).findFirst();
    if (me.isEmpty()) return;
    BGPConfigurationSpec g = global == null ? BGPConfigurationSpec.empty() : global;
    Node.NodeBGPSpec mine = me.get().spec() == null ? null : me.get().spec().bgp();
    // the AS registration writes (the flag's, else the Node's): BGP may start before registration is done
    var myAs = cfg.asNumber() != null ? cfg.asNumber() : mine != null && mine.asNumber() != null ? mine.asNumber()
        : g.effectiveAsNumber();
    var inputs = new BgpPeerCalculator.Inputs(cfg.nodeName(), nodes, s.all(ResourceKind.BGP_PEER, BGPPeer.class),
        global, perNode);
    String clusterId = me.get().spec() != null && me.get().spec().bgp() != null ? me.get().spec().bgp().routeReflectorClusterID() : null;
    List<DesiredPeer> desired = BgpPeerCalculator.compute(inputs);
    // One restart time per speaker: the mesh's, else the shortest a BGPPeer asks for, else Calico's 120 s.
    int restartSeconds = g.nodeMeshMaxRestartTime() != null
        ? io.jcalico.datastore.validate.GoDuration.parse(g.nodeMeshMaxRestartTime())
            .map(d -> (int) Math.max(1, d.toSeconds())).orElse(DEFAULT_RESTART_SECONDS)
        : desired.stream().map(DesiredPeer::maxRestartTime).filter(java.util.Objects::nonNull)
            .mapToInt(d -> (int) Math.max(1, d.toSeconds())).min().orElse(DEFAULT_RESTART_SECONDS);
    bgp.ensureRunning(myAs.value(), cfg.bgpPort() > 0 ? cfg.bgpPort() : BgpPeerCalculator.listenPort(inputs), clusterId,
        restartSeconds);
    timeline.mark(StartupTimeline.Phase.BGP_LISTENING);
    List<BGPPeer> bgpPeers = s.all(ResourceKind.BGP_PEER, BGPPeer.class);
    ignoredBgpFields.check(bgpPeers, configs);
    bgp.setPeers(desired, io.jcalico.felix.calc.PeerRouteFilter.of(desired, bgpPeers,
        s.all(ResourceKind.BGP_FILTER, io.jcalico.datastore.model.BGPFilter.class)));
    bgp.setRouteConfig(s.all(ResourceKind.IP_POOL, io.jcalico.datastore.model.IPPool.class), global, perNode);
    bgpPeersConfigured.set((int) desired.stream().map(DesiredPeer::address).distinct().count());
    health.report("bgp", true, true, desired.size() + " peers", Duration.ZERO);
  }

  private BgpPeersResponse bgpPeers() {
    BgpPeersResponse.Builder b = BgpPeersResponse.newBuilder();
    for (io.jcalico.bgp.server.PeerStatus p : bgp == null ? List.<io.jcalico.bgp.server.PeerStatus>of() : bgp.status()) {
      b.addPeers(io.jcalico.proto.bgp.PeerStatus.newBuilder()
          .setConfig(io.jcalico.proto.bgp.PeerConfig.newBuilder().setAddress(p.config().address())
              .setPort(p.config().port() == null ? 179 : p.config().port()).setPeerAs((int) p.config().asn())
              .setPassive(Boolean.TRUE.equals(p.config().passive())).setPeerType(bgp.peerType(p.config().address())))
          .setState(io.jcalico.proto.bgp.SessionState.forNumber(p.state().ordinal() + 1))
          .setStateSinceUnixMs(p.stateSinceMillis()).setUptimeMs(p.uptimeMillis())
          .setRemoteRouterId(p.remoteRouterId() == null ? "" : p.remoteRouterId())
          .setLastError(p.lastError() == null ? "" : p.lastError()));
    }
    return b.build();
  }

  /** etcd may come up after the node: keep trying, and say why in the log and the health report. */
  private void whileDatastoreUnavailable(Runnable call) {
    for (int attempt = 1; ; attempt++) {
      try {
        call.run();
        return;
      } catch (DatastoreException.Unavailable e) {
        health.report("datastore", true, false, e.getMessage(), Duration.ZERO);
        if (attempt % 5 == 1) log.warn("waiting for the datastore: {}", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private StatusResponse status() {
    var s = health.summary();
    StatusResponse.Builder b = StatusResponse.newBuilder().setNodeName(cfg.nodeName()).setVersion(VERSION)
        .setReady(s.ready()).setStartedUnixMs(startedAt);
    s.components().forEach((k, v) -> {
      if (v.contains("not ")) b.addProblems(k + ": " + v);
    });
    return b.build();
  }

  public HealthAggregator health() {
    return health;
  }

  public Metrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    ready.set(false);
    for (AutoCloseable r = nextToClose(); r != null; r = nextToClose()) {
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", r, e.getMessage());
      }
    }
  }
}
