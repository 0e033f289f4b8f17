package io.jcalico.felix.calc;

import com.google.common.collect.ImmutableList;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.AsNumber;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.BGPPassword;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.BGPPeerSpec;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.selector.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The BGP sessions a node should have, computed from Nodes, BGPPeers and BGPConfiguration the
 * way Calico computes them:
 * <ul>
 *   <li>the node-to-node mesh (when {@code nodeToNodeMeshEnabled}): every other node with an
 *       address of the family; the node with the lower address connects, the other is passive,
 *       so each pair has one session and no collision to resolve;
 *   <li>explicit BGPPeers that apply to this node: global (neither {@code node} nor
 *       {@code nodeSelector}), by {@code node} name, or by {@code nodeSelector}; each peers with its
 *       {@code peerIP}, or with every node its {@code peerSelector} selects;
 *   <li>route reflection: a node with {@code routeReflectorClusterID} treats iBGP peers that are
 *       not in its cluster as route-reflector clients.
 * </ul>
 * When several sources give the same peer address, node-specific beats global beats mesh. Pure:
 * no I/O, so it is recomputed from scratch on every relevant change.
 */
public final class BgpPeerCalculator {
  private BgpPeerCalculator() {}

  /** Everything the computation reads. {@code nodeConfig} is the BGPConfiguration "node.&lt;name&gt;". */
  public record Inputs(
      String localNode,
      List<Node> nodes,
      List<BGPPeer> peers,
      BGPConfigurationSpec global,
      BGPConfigurationSpec nodeConfig) {
    public Inputs {
      nodes = List.copyOf(nodes);
      peers = List.copyOf(peers);
      global = global == null ? BGPConfigurationSpec.empty() : global;
    }
  }

  public static List<DesiredPeer> compute(Inputs in) {
    Optional<Node> self = in.nodes().stream().filter(n -> n.name().equals(in.localNode())).findFirst();
    if (self.isEmpty() || bgp(self.get()) == null) return List.of(); // not a BGP node (yet)
    Node me = self.get();
    // other nodes listen on the cluster's port (BGPConfiguration default), as in Calico's mesh
    int port = in.global().effectiveListenPort();
    Duration meshRestart = duration(in.global().nodeMeshMaxRestartTime());
    Map<IPAddress, DesiredPeer> out = new LinkedHashMap<>();

    if (in.global().effectiveNodeToNodeMesh()) {
      for (Node other : in.nodes()) {
        if (other.name().equals(me.name()) || bgp(other) == null) continue;
        for (int family : new int[] {4, 6}) {
          IPAddress mine = nodeAddress(me, family);
          IPAddress theirs = nodeAddress(other, family);
          if (mine == null || theirs == null) continue;
          out.put(theirs, new DesiredPeer(theirs, port, asOf(other, in.global()), DesiredPeer.PeerType.MESH,
              mine.compareTo(theirs) > 0, rrClient(me, other, in.global()), DesiredPeer.NextHopMode.AUTO, meshRestart, other.name(),
              new DesiredPeer.SessionOptions(secretRef(in.global().nodeMeshPassword()), 0, null, null, 0, mine)));
        }
      }
    }

    List<DesiredPeer> explicit = new ArrayList<>();
    for (BGPPeer p : in.peers()) {
      BGPPeerSpec s = p.spec();
      if (s == null) continue;
      DesiredPeer.PeerType type = s.appliesToAllNodes() ? DesiredPeer.PeerType.GLOBAL : DesiredPeer.PeerType.NODE_SPECIFIC;
      Duration restart = duration(s.maxRestartTime());
      DesiredPeer.NextHopMode nextHop = DesiredPeer.NextHopMode.of(s.nextHopMode(), s.keepOriginalNextHop());
      boolean hasPeerSelector = s.peerSelector() != null && !s.peerSelector().isEmpty();
      if (appliesTo(s, me) && s.peerIP() != null && !s.peerIP().isEmpty()) {
        PeerAddress pa = PeerAddress.parse(s.peerIP(), port);
        long asn = s.asNumber() == null ? asOf(me, in.global()) : s.asNumber().value();
        explicit.add(new DesiredPeer(pa.address(), pa.port(), asn, type, false, false, nextHop, restart, p.name(),
            session(s, nodeAddress(me, pa.address().isIPv4() ? 4 : 6))));
      } else if (hasPeerSelector) {
        Selector sel = Selector.parse(s.peerSelector());
        boolean forward = appliesTo(s, me);
        // The nodes a peerSelector selects peer back with the nodes the BGPPeer applies to
        // (reversePeering Auto, Calico's default), so both ends agree on the session.
        boolean reverse = !"Manual".equals(s.reversePeering()) && sel.evaluate(me.metadata().labelsOrEmpty());
        for (Node other : in.nodes()) {
          if (other.name().equals(me.name()) || bgp(other) == null) continue;
          boolean selected = forward && sel.evaluate(other.metadata().labelsOrEmpty());
          boolean selectsMe = reverse && appliesTo(s, other);
          if (!selected && !selectsMe) continue;
          for (int family : new int[] {4, 6}) {
            IPAddress mine = nodeAddress(me, family);
            IPAddress theirs = nodeAddress(other, family);
            if (mine == null || theirs == null) continue;
            // both ends compute the session; the lower address connects, as in the mesh
            explicit.add(new DesiredPeer(theirs, port, asOf(other, in.global()), type, mine.compareTo(theirs) > 0,
                rrClient(me, other, in.global()), nextHop, restart, p.name(), session(s, mine)));
          }
        }
      }
    }
    // global first, then node specific, so the more specific one wins an address
    explicit.sort(Comparator.comparing(d -> d.type() == DesiredPeer.PeerType.NODE_SPECIFIC));
    for (DesiredPeer d : explicit) out.put(d.address(), d);

    List<IPAddress> own = new ArrayList<>();
    for (int family : new int[] {4, 6}) Optional.ofNullable(nodeAddress(me, family)).ifPresent(own::add);
    return out.values().stream().filter(d -> !own.contains(d.address()))
        .sorted(Comparator.comparing(DesiredPeer::address)).collect(ImmutableList.toImmutableList());
  }

  /** The port this node listens on: BGPConfiguration "node.&lt;name&gt;", else "default", else 179. */
  public static int listenPort(Inputs in) {
    return in.nodeConfig() != null && in.nodeConfig().listenPort() != null
        ? in.nodeConfig().listenPort() : in.global().effectiveListenPort();
  }

  private static boolean appliesTo(BGPPeerSpec s, Node me) {
    if (s.appliesToAllNodes()) return true;
    if (s.node() != null && !s.node().isEmpty()) return s.node().equals(me.name());
    return Selector.parse(s.nodeSelector()).evaluate(me.metadata().labelsOrEmpty());
  }

  /** This node reflects to the other when it is an RR and the other is not in its cluster (iBGP only). */
  private static boolean rrClient(Node me, Node other, BGPConfigurationSpec global) {
    String myCluster = bgp(me).routeReflectorClusterID();
    if (myCluster == null || myCluster.isEmpty()) return false;
    if (asOf(me, global) != asOf(other, global)) return false;
    return !myCluster.equals(bgp(other).routeReflectorClusterID());
  }

  private static Node.NodeBGPSpec bgp(Node n) {
    return n.spec() == null ? null : n.spec().bgp();
  }

  static long asOf(Node n, BGPConfigurationSpec global) {
    AsNumber a = bgp(n) == null ? null : bgp(n).asNumber();
    return (a == null ? global.effectiveAsNumber() : a).value();
  }

  /** The node's BGP address of a family, without its prefix length ("198.18.1.11/24" gives 198.18.1.11). */
  static IPAddress nodeAddress(Node n, int family) {
    Node.NodeBGPSpec b = bgp(n);
    if (b == null) return null;
    String s = family == 4 ? b.ipv4Address() : b.ipv6Address();
    if (s == null || s.isEmpty()) return null;
    IPAddress a = new IPAddressString(s).getAddress();
    return a == null ? null : a.withoutPrefixLength();
  }

  /** A BGPPeer's session fields; {@code nodeIp} is used unless {@code sourceAddress: None}. */
  static DesiredPeer.SessionOptions session(BGPPeerSpec s, IPAddress nodeIp) {
    return new DesiredPeer.SessionOptions(secretRef(s.password()),
        s.ttlSecurity() == null ? 0 : s.ttlSecurity(),
        s.localASNumber() == null ? null : s.localASNumber().value(),
        duration(s.keepaliveTime()),
        s.numAllowedLocalASNumbers() == null ? 0 : s.numAllowedLocalASNumbers(),
        "None".equals(s.sourceAddress()) ? null : nodeIp);
  }

  private static BGPPassword.SecretKeyRef secretRef(BGPPassword p) {
    return p == null ? null : p.secretKeyRef();
  }

  private static Duration duration(String go) {
    if (go == null || go.isEmpty()) return null;
    return io.jcalico.datastore.validate.GoDuration.parse(go).orElse(null);
  }

  /** A peerIP with an optional port: "198.18.0.1", "198.18.0.1:1790", "fd00::1", "[fd00::1]:1790". */
  record PeerAddress(IPAddress address, int port) {
    static PeerAddress parse(String text, int defaultPort) {
      IPAddressString whole = new IPAddressString(text);
      if (whole.isIPAddress()) return new PeerAddress(whole.getAddress().withoutPrefixLength(), defaultPort);
      int colon = text.lastIndexOf(':');
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
      IPAddress a = Objects.requireNonNull(new IPAddressString(host).getAddress(), () -> "bad peerIP " + text);
      return new PeerAddress(a, Integer.parseInt(text.substring(colon + 1)));
    }
  }
}
