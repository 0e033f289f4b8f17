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
    boolean keepOriginalNextHop,
    Duration maxRestartTime,
    String source,
    SessionOptions session) {

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
