package io.jcalico.felix.wiring;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.rib.Path;
import io.jcalico.bgp.server.BgpSpeaker;
import io.jcalico.bgp.server.PeerStatus;
import com.google.common.collect.Sets;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.felix.calc.DesiredPeer;
import io.jcalico.felix.calc.PeerRouteFilter;
import io.jcalico.felix.calc.RouteAdvertisements;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.driver.route.RouteTarget;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's BGP: the in-process speaker with the peers computed from the datastore, its
 * confirmed IPAM blocks originated (with a blackhole route each, so traffic to an unused
 * address of the block stops here), and every best path learned from a peer installed as
 * {@code <block> via <next hop>} with our route protocol. What is originated, and with which
 * communities, is {@link RouteAdvertisements}'s answer (pools' disableBGPExport, service CIDRs,
 * prefixAdvertisements); each BGPPeer session applies its BGPFilters as import/export policy.
 *
 * <p>Calls come from the datastore thread; the speaker serialises them on its event loop.
 */
public final class NodeBgp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeBgp.class);

  private final RouteReconciler routes;
  private final String routerId;
  private final String listenAddress;
  private int listenPort;
  private int restartTime;
  private final boolean restarted;
  private BgpSpeaker speaker;
  private long asn;
  private String clusterId;
  /** A neighbour as the speaker has it: the peer, the TCP MD5 key it was added with, its filters (either may be null). */
  private record Session(DesiredPeer peer, String key, PeerRouteFilter filter) {}

  /** The speaker's neighbours by address: one that differs from what is wanted is replaced. */
  private final Map<IPAddress, Session> sessions = new HashMap<>();
  private Map<IPAddress, PeerRouteFilter> lastFilters = Map.of();
  private List<IPPool> pools = List.of();
  private BGPConfigurationSpec globalConfig;
  private BGPConfigurationSpec nodeConfig;
  /** What the speaker originates now; read by the speaker's event loop (see {@link #blocks}). */
  private final Map<IPAddress, RouteAdvertisements.Advertisement> originated = new ConcurrentHashMap<>();
  private final BgpSecrets secrets;
  /** Peers not started because their password cannot be read, and why. */
  private final Map<IPAddress, String> blocked = new HashMap<>();
  private final long blockedSince = System.currentTimeMillis();
  private List<DesiredPeer> lastDesired = List.of();
  /** Reads the secrets again now and then: a mounted Secret may appear or change. */
  private final ScheduledExecutorService secretsTimer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "bgp-secrets");
    t.setDaemon(true);
    return t;
  });
  static final long SECRETS_RECHECK_SECONDS = 10;
  // read by the speaker's event loop without the lock: the lock holder may be waiting on that loop
  private final Set<IPAddress> blocks = ConcurrentHashMap.newKeySet();
  // touched only on the speaker's event loop
  private final Set<IPAddress> learned = new HashSet<>();

  /**
   * @param restartTime graceful restart time announced to peers (seconds; Calico: 120)
   */
  public NodeBgp(RouteReconciler routes, String routerId, String listenAddress, int restartTime, boolean restarted) {
    this(routes, routerId, listenAddress, restartTime, restarted, new BgpSecrets(BgpSecrets.DEFAULT_DIR));
  }

  /** @param secrets where BGP passwords (secretKeyRef) are read */
  public NodeBgp(RouteReconciler routes, String routerId, String listenAddress, int restartTime, boolean restarted,
      BgpSecrets secrets) {
    this.secrets = secrets;
    secretsTimer.scheduleWithFixedDelay(this::recheckSecrets, SECRETS_RECHECK_SECONDS, SECRETS_RECHECK_SECONDS,
        TimeUnit.SECONDS);
    this.restarted = restarted;
    this.routes = routes;
    this.routerId = routerId;
    this.listenAddress = listenAddress;
    this.restartTime = restartTime;
  }

  /**
   * Starts the speaker with this AS, port and route reflector cluster ID (the Node's
   * {@code routeReflectorClusterID}; null or empty: not a reflector), or restarts it if any changed.
   */
  public synchronized void ensureRunning(long asNumber, int port, String routeReflectorClusterId, int restartSeconds) {
    if (speaker != null && restartTime != restartSeconds) {
      log.info("graceful restart time changed from {} to {} s: restarting the BGP speaker", restartTime, restartSeconds);
      speaker.close();
      speaker = null;
    }
    restartTime = restartSeconds;
    String cluster = routeReflectorClusterId == null || routeReflectorClusterId.isEmpty() ? null : routeReflectorClusterId;
    if (speaker != null && asn == asNumber && listenPort == port && Objects.equals(clusterId, cluster)) return;
    if (speaker != null) {
      log.info("AS/port/cluster ID changed from {}/{}/{} to {}/{}/{}: restarting the BGP speaker",
          asn, listenPort, clusterId, asNumber, port, cluster);
      speaker.close();
    }
    asn = asNumber;
    listenPort = port;
    clusterId = cluster;
    SpeakerConfig c = SpeakerConfig.of(routerId, asNumber, listenAddress, listenPort).withTimers(90, 5, restartTime);
    if (restarted) {
      // we found our routes in the kernel: tell peers we restarted with forwarding preserved (RFC 4724)
      c = c.withRestartState(true, List.of("ipv4-unicast", "ipv6-unicast"));
    }
    if (cluster != null) c = c.withClusterId(cluster);
    try {
      speaker = BgpSpeaker.start(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the BGP speaker", e);
    }
    speaker.addBestPathListener(this::bestPathChanged).join();
    // a new speaker knows nothing: give it everything again
    sessions.clear();
    setPeers(lastDesired, lastFilters);
    originated.clear();
    Set<IPAddress> b = Set.copyOf(blocks);
    blocks.clear();
    setBlocks(b);
    log.info("BGP speaker running: router ID {}, AS {}, port {}{}", routerId, asNumber, speaker.listenPort(),
        cluster == null ? "" : ", route reflector of cluster " + cluster);
  }

  /** Makes the speaker's neighbours exactly these, without route filters (changed ones are replaced). */
  public synchronized void setPeers(List<DesiredPeer> desired) {
    setPeers(desired, Map.of());
  }

  /**
   * Makes the speaker's neighbours exactly these, each with its BGPFilters (absent: none); a
   * neighbour whose settings or filters changed is replaced.
   */
  public synchronized void setPeers(List<DesiredPeer> desired, Map<IPAddress, PeerRouteFilter> filters) {
    lastDesired = List.copyOf(desired);
    lastFilters = Map.copyOf(filters);
    // passwords first: a peer whose secret cannot be read is not started at all
    Map<IPAddress, Session> want = new HashMap<>();
    Map<IPAddress, String> nowBlocked = new HashMap<>();
    for (DesiredPeer p : desired) {
      String key = null;
      if (p.session().password() != null) {
        BgpSecrets.Lookup l = secrets.lookup(p.session().password());
        if (l.password() == null) {
          String why = "BGP password: " + l.problem();
          if (!why.equals(blocked.get(p.address()))) {
            log.warn("BGP peer {} ({} {}) not started: {}", p.address().toCanonicalString(), p.type().display(),
                p.source(), l.problem());
          }
          nowBlocked.put(p.address(), why);
          continue;
        }
        key = l.password();
      }
      want.put(p.address(), new Session(p, key, filters.get(p.address())));
    }
    blocked.clear();
    blocked.putAll(nowBlocked);
    if (speaker == null) {
      sessions.clear();
      sessions.putAll(want);
      return;
    }
    for (IPAddress gone : Set.copyOf(sessions.keySet())) {
      if (!sessions.get(gone).equals(want.get(gone))) {
        speaker.removeNeighbor(gone.toCanonicalString()).join();
        sessions.remove(gone);
        log.info("BGP peer {} removed", gone.toCanonicalString());
      }
    }
    for (Session s : want.values()) {
      DesiredPeer p = s.peer();
      if (sessions.containsKey(p.address())) continue;
      NeighborConfig n = neighborConfig(p, s.key());
      if (s.filter() != null && !s.filter().isNone()) n = withFilters(n, p.address(), s.filter());
      speaker.addNeighbor(n).join();
      sessions.put(p.address(), s);
      log.info("BGP peer {} AS {} added ({}{})", p.address().toCanonicalString(), p.asNumber(), p.type().display(),
          p.passive() ? ", passive" : "");
    }
  }


  /** The speaker's neighbour for a desired peer, with its TCP MD5 key (or null). */
  static NeighborConfig neighborConfig(DesiredPeer p, String password) {
    DesiredPeer.SessionOptions o = p.session();
    return NeighborConfig.of(p.address().toCanonicalString(), p.port(), p.asNumber())
        .withPassive(p.passive())
        .withRouteReflectorClient(p.routeReflectorClient())
        .withFamilies(List.of(p.address().isIPv4() ? "ipv4-unicast" : "ipv6-unicast"))
        .withDescription(p.type().display() + " " + p.source())
        .withLocalAddress(o.sourceAddress() == null ? null : o.sourceAddress().toCanonicalString())
        .withPassword(password)
        .withTtlSecurity(o.ttlSecurity() == 0 ? null : o.ttlSecurity())
        .withLocalAsn(o.localAsNumber())
        .withKeepaliveTime(o.keepaliveTime() == null ? null : (int) Math.max(1, o.keepaliveTime().toSeconds()))
        .withAllowLocalAs(o.allowLocalAs() == 0 ? null : o.allowLocalAs())
        .withNextHopSelf(p.nextHop() == DesiredPeer.NextHopMode.SELF)
        .withNextHopKeep(p.nextHop() == DesiredPeer.NextHopMode.KEEP);
  }

  private synchronized void recheckSecrets() {
    try {
      if (lastDesired.stream().anyMatch(p -> p.session().password() != null)) setPeers(lastDesired, lastFilters);
    } catch (RuntimeException e) {
      log.warn("re-reading BGP secrets failed: {}", e.getMessage());
    }
  }

  /** The peer's BGPFilters as the neighbour's import and export policies (defined on the speaker first). */
  private NeighborConfig withFilters(NeighborConfig n, IPAddress peer, PeerRouteFilter f) {
    String base = "bgpfilter-" + peer.toCanonicalString();
    speaker.definePolicy(f.importPolicy(base + "-import", peer.isIPv4())).join();
    speaker.definePolicy(f.exportPolicy(base + "-export", peer.isIPv4())).join();
    log.info("BGP peer {}: {} import and {} export filter rules", peer.toCanonicalString(), f.importRules().size(),
        f.exportRules().size());
    return n.withPolicies(base + "-import", base + "-export");
  }

  /** These blocks are ours: each gets a blackhole route, and is originated unless its pool says not to. */
  public synchronized void setBlocks(Set<IPAddress> now) {
    for (IPAddress b : Set.copyOf(blocks)) {
      if (now.contains(b)) continue;
      blocks.remove(b);
      routes.removeRoute(b);
      log.info("block {} no longer ours", b);
    }
    for (IPAddress b : now) {
      if (!blocks.add(b)) continue;
      routes.setRoute(new RouteTarget.Blackhole(b));
      log.info("block {} is ours", b);
    }
    routes.applySoon();
    advertise();
  }

  /**
   * The datastore's say on advertisements: IPPools (disableBGPExport), the BGPConfiguration
   * "default" (service CIDRs, communities) and this node's "node.&lt;name&gt;" (either may be null).
   */
  public synchronized void setRouteConfig(List<IPPool> ipPools, BGPConfigurationSpec global, BGPConfigurationSpec node) {
    pools = List.copyOf(ipPools);
    globalConfig = global;
    nodeConfig = node;
    advertise();
  }

  /** Originates what {@link RouteAdvertisements} says, withdraws what it no longer says. */
  private void advertise() {
    Map<IPAddress, RouteAdvertisements.Advertisement> want =
        RouteAdvertisements.compute(new RouteAdvertisements.Inputs(blocks, pools, globalConfig, nodeConfig));
    if (speaker == null) return;
    for (IPAddress p : Set.copyOf(originated.keySet())) {
      if (want.containsKey(p)) continue;
      speaker.withdraw(p).join();
      originated.remove(p);
      log.info("{} withdrawn", p);
    }
    for (RouteAdvertisements.Advertisement a : want.values()) {
      if (a.equals(originated.get(a.prefix()))) continue;
      // recorded first: the best path listener must see our own prefix as ours
      originated.put(a.prefix(), a);
      speaker.originate(a.prefix(), attributes(a)).join();
      log.info("{} originated ({}, {} communities, {} large communities)", a.prefix(), a.source(),
          a.communities().size(), a.largeCommunities().size());
    }
    Set<IPAddress> unexported = Sets.difference(blocks, want.keySet());
    if (!unexported.isEmpty()) log.debug("blocks kept local (pool disableBGPExport): {}", unexported);
  }

  private static AttributeSet attributes(RouteAdvertisements.Advertisement a) {
    AttributeSet.Builder b = AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP);
    if (!a.communities().isEmpty()) b.communities(a.communities().stream().mapToInt(Integer::intValue).toArray());
    if (!a.largeCommunities().isEmpty()) {
      b.largeCommunities(a.largeCommunities().stream()
          .flatMapToInt(l -> java.util.stream.IntStream.of((int) l.global(), (int) l.local1(), (int) l.local2())).toArray());
    }
    return b.build();
  }

  /** Called on the speaker's event loop; takes no lock (see {@link #blocks}). */
  private void bestPathChanged(AddressFamily family, IPAddress prefix, Path best) {
    if (blocks.contains(prefix) || originated.containsKey(prefix)) return; // ours: the blackhole stays
    if (best == null || best.local() || !best.eligible()) {
      if (learned.remove(prefix)) {
        routes.removeRoute(prefix);
        routes.applySoon();
      }
      return;
    }
    NextHop nh = best.attributes().nextHop();
    if (nh == null) return;
    routes.setRoute(new RouteTarget.Via(prefix, nh.address()));
    learned.add(prefix);
    routes.applySoon();
  }

  /** The port the speaker listens on (-1 before it runs). */
  public synchronized int listenPort() {
    return speaker == null ? -1 : speaker.listenPort();
  }

  /** Session states for the node API (calicoctl node status). */
  public synchronized List<PeerStatus> status() {
    List<PeerStatus> out = new ArrayList<>();
    if (speaker != null) {
      try {
        out.addAll(speaker.peers().get(5, TimeUnit.SECONDS));
      } catch (Exception e) {
        throw new IllegalStateException("BGP speaker did not answer: " + e.getMessage(), e);
      }
    }
    // peers not started: Idle, the reason as the last error (calicoctl node status INFO)
    for (DesiredPeer p : lastDesired) {
      String why = blocked.get(p.address());
      if (why != null) {
        out.add(new PeerStatus(neighborConfig(p, null), io.jcalico.bgp.fsm.SessionState.IDLE, blockedSince, 0, "", 0,
            Map.of(), why, 0, 0));
      }
    }
    return out;
  }

  /** The peer type calicoctl shows for an address ("node-to-node mesh", ...). */
  public synchronized String peerType(String address) {
    return lastDesired.stream().filter(p -> p.address().toCanonicalString().equals(address))
        .map(p -> p.type().display()).findFirst().orElse("");
  }

  @Override
  public synchronized void close() {
    secretsTimer.shutdownNow();
    if (speaker != null) speaker.close();
    speaker = null;
  }
}
