package io.jcalico.felix.calc;

import inet.ipaddr.IPAddress;
import java.time.Duration;

/**
 * One BGP session this node should have, as computed from the datastore.
 *
 * @param type what calicoctl node status shows: "node-to-node mesh", "global", "node specific"
 * @param passive wait for the peer to connect (one side of each mesh pair)
 * @param routeReflectorClient this node reflects routes to the peer (it is an RR, the peer is not in its cluster)
 * @param source the BGPPeer name, or the peer node's name for the mesh
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
    String source) {

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
