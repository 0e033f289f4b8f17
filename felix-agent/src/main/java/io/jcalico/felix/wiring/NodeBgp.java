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
import io.jcalico.felix.calc.DesiredPeer;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.driver.route.RouteTarget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's BGP: the in-process speaker with the peers computed from the datastore, its
 * confirmed IPAM blocks originated (with a blackhole route each, so traffic to an unused
 * address of the block stops here), and every best path learned from a peer installed as
 * {@code <block> via <next hop>} with our route protocol.
 *
 * <p>Calls come from the datastore thread; the speaker serialises them on its event loop.
 */
public final class NodeBgp implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeBgp.class);

  private final RouteReconciler routes;
  private final String routerId;
  private final String listenAddress;
  private int listenPort;
  private final int restartTime;
  private BgpSpeaker speaker;
  private long asn;
  private String clusterId;
  private final Map<IPAddress, DesiredPeer> peers = new HashMap<>();
  // read by the speaker's event loop without the lock: the lock holder may be waiting on that loop
  private final Set<IPAddress> blocks = ConcurrentHashMap.newKeySet();
  // touched only on the speaker's event loop
  private final Set<IPAddress> learned = new HashSet<>();

  /**
   * @param restartTime graceful restart time announced to peers (seconds; Calico: 120)
   */
  public NodeBgp(RouteReconciler routes, String routerId, String listenAddress, int restartTime) {
    this.routes = routes;
    this.routerId = routerId;
    this.listenAddress = listenAddress;
    this.restartTime = restartTime;
  }

  /**
   * Starts the speaker with this AS, port and route reflector cluster ID (the Node's
   * {@code routeReflectorClusterID}; null or empty: not a reflector), or restarts it if any changed.
   */
  public synchronized void ensureRunning(long asNumber, int port, String routeReflectorClusterId) {
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
    if (cluster != null) c = c.withClusterId(cluster);
    try {
      speaker = BgpSpeaker.start(c);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while starting the BGP speaker", e);
    }
    speaker.addBestPathListener(this::bestPathChanged).join();
    // a new speaker knows nothing: give it everything again
    Map<IPAddress, DesiredPeer> again = Map.copyOf(peers);
    peers.clear();
    setPeers(List.copyOf(again.values()));
    Set<IPAddress> b = Set.copyOf(blocks);
    blocks.clear();
    setBlocks(b);
    log.info("BGP speaker running: router ID {}, AS {}, port {}{}", routerId, asNumber, speaker.listenPort(),
        cluster == null ? "" : ", route reflector of cluster " + cluster);
  }

  /** Makes the speaker's neighbours exactly these (changed ones are replaced). */
  public synchronized void setPeers(List<DesiredPeer> desired) {
    Map<IPAddress, DesiredPeer> want = new HashMap<>();
    desired.forEach(p -> want.put(p.address(), p));
    if (speaker == null) {
      peers.clear();
      peers.putAll(want);
      return;
    }
    for (IPAddress gone : Set.copyOf(peers.keySet())) {
      DesiredPeer now = want.get(gone);
      if (now == null || !now.equals(peers.get(gone))) {
        speaker.removeNeighbor(gone.toCanonicalString()).join();
        peers.remove(gone);
        log.info("BGP peer {} removed", gone.toCanonicalString());
      }
    }
    for (DesiredPeer p : want.values()) {
      if (peers.containsKey(p.address())) continue;
      NeighborConfig n = NeighborConfig.of(p.address().toCanonicalString(), p.port(), p.asNumber())
          .withPassive(p.passive())
          .withRouteReflectorClient(p.routeReflectorClient());
      n = new NeighborConfig(n.address(), n.port(), n.asn(), n.passive(), n.holdTime(), n.routeReflectorClient(),
          n.localAddress(), n.nextHopSelf(), n.nextHopV4(), n.nextHopV6(),
          List.of(p.address().isIPv4() ? "ipv4-unicast" : "ipv6-unicast"), n.maxPrefixes(), n.importPolicy(),
          n.exportPolicy(), p.type().display() + " " + p.source(), n.gracefulRestart());
      speaker.addNeighbor(n).join();
      peers.put(p.address(), p);
      log.info("BGP peer {} AS {} added ({}{})", p.address().toCanonicalString(), p.asNumber(), p.type().display(),
          p.passive() ? ", passive" : "");
    }
  }

  /** Originates exactly these blocks, each with a blackhole route. */
  public synchronized void setBlocks(Set<IPAddress> now) {
    for (IPAddress b : Set.copyOf(blocks)) {
      if (now.contains(b)) continue;
      blocks.remove(b);
      routes.removeRoute(b);
      if (speaker != null) speaker.withdraw(b).join();
      log.info("block {} no longer ours: withdrawn", b);
    }
    for (IPAddress b : now) {
      if (!blocks.add(b)) continue;
      routes.setRoute(new RouteTarget.Blackhole(b));
      if (speaker != null) {
        speaker.originate(b, AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP).build()).join();
      }
      log.info("block {} is ours: originated", b);
    }
    routes.applySoon();
  }

  /** Called on the speaker's event loop; takes no lock (see {@link #blocks}). */
  private void bestPathChanged(AddressFamily family, IPAddress prefix, Path best) {
    if (blocks.contains(prefix)) return; // ours: the blackhole stays
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

  /** Session states for the node API (calicoctl node status). */
  public synchronized List<PeerStatus> status() {
    if (speaker == null) return List.of();
    try {
      return speaker.peers().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("BGP speaker did not answer: " + e.getMessage(), e);
    }
  }

  /** The peer type calicoctl shows for an address ("node-to-node mesh", ...). */
  public synchronized String peerType(String address) {
    return peers.entrySet().stream().filter(e -> e.getKey().toCanonicalString().equals(address))
        .map(e -> e.getValue().type().display()).findFirst().orElse("");
  }

  @Override
  public synchronized void close() {
    if (speaker != null) speaker.close();
    speaker = null;
  }
}
