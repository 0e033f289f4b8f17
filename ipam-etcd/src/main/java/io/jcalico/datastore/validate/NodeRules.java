package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.Node.NodeAddress;
import io.jcalico.datastore.model.Node.NodeBGPSpec;
import io.jcalico.datastore.model.Node.NodeInterface;
import io.jcalico.datastore.model.Node.NodeSpec;
import io.jcalico.datastore.model.Node.NodeStatus;
import io.jcalico.datastore.model.Node.OrchRef;
import io.jcalico.datastore.model.Node;
import java.util.Base64;
import java.util.List;

/** Node rules: BGP addresses as {@code address/prefix}, tunnel addresses, MACs, WireGuard keys. */
final class NodeRules {

  private NodeRules() {}

  static void check(Checks c, Node node) {
    NodeSpec s = node.spec();
    if (s != null) {
      bgp(c, s.bgp());
      c.ipv4("spec.ipv4VXLANTunnelAddr", s.ipv4VXLANTunnelAddr());
      c.ipv6("spec.ipv6VXLANTunnelAddr", s.ipv6VXLANTunnelAddr());
      c.mac("spec.vxlanTunnelMACAddr", s.vxlanTunnelMACAddr());
      c.mac("spec.vxlanTunnelMACAddrV6", s.vxlanTunnelMACAddrV6());
      List<OrchRef> refs = s.orchRefs();
      for (int i = 0; refs != null && i < refs.size(); i++) {
        c.required("spec.orchRefs[" + i + "].orchestrator", refs.get(i).orchestrator());
      }
      if (s.wireguard() != null) {
        c.ipv4("spec.wireguard.interfaceIPv4Address", s.wireguard().interfaceIPv4Address());
        c.ipv6("spec.wireguard.interfaceIPv6Address", s.wireguard().interfaceIPv6Address());
      }
      List<NodeAddress> addresses = s.addresses();
      for (int i = 0; addresses != null && i < addresses.size(); i++) {
        String p = "spec.addresses[" + i + "]";
        if (addresses.get(i).address() == null) c.add(p + ".address", "is required");
        else c.network(p + ".address", addresses.get(i).address());
        c.oneOf(p + ".type", addresses.get(i).type(), NodeAddress.TYPES);
      }
      List<NodeInterface> interfaces = s.interfaces();
      for (int i = 0; interfaces != null && i < interfaces.size(); i++) {
        c.subdomain("spec.interfaces[" + i + "].name", interfaces.get(i).name());
        List<String> as = interfaces.get(i).addresses();
        for (int j = 0; as != null && j < as.size(); j++) {
          c.cidr("spec.interfaces[" + i + "].addresses[" + j + "]", as.get(j));
        }
      }
    }
    status(c, node.status());
  }

  private static void bgp(Checks c, NodeBGPSpec b) {
    if (b == null) return;
    if (b.equals(new NodeBGPSpec(null, null, null, null, null))) {
      c.add("spec.bgp", "must not be empty: omit it when the node runs no BGP");
      return;
    }
    versioned(c, "spec.bgp.ipv4Address", b.ipv4Address(), true);
    versioned(c, "spec.bgp.ipv6Address", b.ipv6Address(), false);
    c.ipv4("spec.bgp.ipv4IPIPTunnelAddr", b.ipv4IPIPTunnelAddr());
    c.ipv4("spec.bgp.routeReflectorClusterID", b.routeReflectorClusterID());
  }

  /** An address with or without prefix length, of one IP version (Calico's cidrv4 / cidrv6). */
  private static void versioned(Checks c, String path, String value, boolean v4) {
    if (!Checks.present(value)) return;
    if (Addresses.prefix(value, true).filter(p -> p.isIPv4() == v4).isEmpty()) {
      c.add(path, q(value) + " is not a valid " + (v4 ? "IPv4" : "IPv6") + " address or address/prefix");
    }
  }

  private static void status(Checks c, NodeStatus st) {
    if (st == null) return;
    wireguardKey(c, "status.wireguardPublicKey", st.wireguardPublicKey());
    wireguardKey(c, "status.wireguardPublicKeyV6", st.wireguardPublicKeyV6());
    List<String> cidrs = st.podCIDRs();
    for (int i = 0; cidrs != null && i < cidrs.size(); i++) c.cidr("status.podCIDRs[" + i + "]", cidrs.get(i));
  }

  /** A WireGuard public key: 32 bytes in standard base64. */
  private static void wireguardKey(Checks c, String path, String key) {
    if (!Checks.present(key)) return;
    boolean ok;
    try {
      ok = Base64.getDecoder().decode(key).length == 32;
    } catch (IllegalArgumentException e) {
      ok = false;
    }
    if (!ok) c.add(path, q(key) + " is not a WireGuard public key (32 bytes, base64)");
  }
}
