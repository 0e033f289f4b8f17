package io.jcalico.felix.calc;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.BGPPassword;
import java.time.Duration;

/**
 * One BGP session this node should have, as computed from the datastore.
 *
 * @param type what calicoctl node status shows: "node-to-node mesh", "global", "node specific"
 * @param passive wait for the peer to connect (one side of each mesh pair)
 * @param routeReflectorClient this node reflects routes to the peer (it is an RR, the peer is not in its cluster)
 * @param nextHop BGPPeer {@code nextHopMode} (or the deprecated {@code keepOriginalNextHop})
 * @param source the BGPPeer name, or the peer node's name for the mesh
 * @param session how the TCP/BGP session is set up (password, GTSM, local AS, timers, source address)
 */
public record DesiredPeer(
    IPAddress address,
    int port,
    long asNumber,
    PeerType type,
    boolean passive,
    boolean routeReflectorClient,
    NextHopMode nextHop,
    Duration maxRestartTime,
    String source,
    SessionOptions session) {

  /** With the deprecated {@code keepOriginalNextHop} flag: true is Keep, false Auto. */
  public DesiredPeer(IPAddress address, int port, long asNumber, PeerType type, boolean passive,
      boolean routeReflectorClient, boolean keepOriginalNextHop, Duration maxRestartTime, String source,
      SessionOptions session) {
    this(address, port, asNumber, type, passive, routeReflectorClient,
        keepOriginalNextHop ? NextHopMode.KEEP : NextHopMode.AUTO, maxRestartTime, source, session);
  }

  /**
   * BGPPeer / BGPConfiguration session fields.
   *
   * @param password the Secret key holding the TCP MD5 password (BGPPeer {@code password},
   *     BGPConfiguration {@code nodeMeshPassword} for the mesh), or null
   * @param ttlSecurity GTSM hops (0: off)
   * @param localAsNumber the AS this node is towards the peer (BGPPeer {@code localASNumber}), or null
   * @param keepaliveTime BGPPeer {@code keepaliveTime}, or null
   * @param allowLocalAs BGPPeer {@code numAllowedLocalASNumbers} (0: none)
   * @param sourceAddress the node IP the session is bound to ({@code sourceAddress: UseNodeIP}),
   *     or null to let the kernel choose ({@code None})
   */
  public record SessionOptions(BGPPassword.SecretKeyRef password, int ttlSecurity, Long localAsNumber,
      Duration keepaliveTime, int allowLocalAs, IPAddress sourceAddress) {
    public static final SessionOptions NONE = new SessionOptions(null, 0, null, null, 0, null);
  }

  /** Which next hop the peer is given for routes we pass on (BIRD's {@code next hop self / keep}). */
  public enum NextHopMode {
    /** BIRD's default: ourselves towards eBGP peers, the route's own next hop towards iBGP peers. */
    AUTO,
    /** Ourselves, also towards iBGP peers for routes learnt from others. */
    SELF,
    /** The route's own next hop, also towards eBGP peers (e.g. a ToR reaching each node directly). */
    KEEP;

    /** From a BGPPeer: {@code nextHopMode} wins; else {@code keepOriginalNextHop: true} means Keep. */
    public static NextHopMode of(String nextHopMode, Boolean keepOriginalNextHop) {
      if (nextHopMode != null && !nextHopMode.isEmpty()) return valueOf(nextHopMode.toUpperCase(java.util.Locale.ROOT));
      return Boolean.TRUE.equals(keepOriginalNextHop) ? KEEP : AUTO;
    }
  }

  public enum PeerType {
    MESH("node-to-node mesh"), GLOBAL("global"), NODE_SPECIFIC("node specific");

    private final String display;

    PeerType(String display) {
      this.display = display;
    }

    public String display() {
      return display;
    }
  }
}
