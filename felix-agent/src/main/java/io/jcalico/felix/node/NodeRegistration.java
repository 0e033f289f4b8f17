package io.jcalico.felix.node;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.ClusterInformation;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.IPPoolSpec;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What calico-node does to the datastore when it starts: register (or update) its Node with its
 * BGP addresses and AS, keeping labels and everything else others wrote; make sure
 * ClusterInformation "default" exists; and create the default IP pools when the cluster has none.
 */
public final class NodeRegistration {
  private static final Logger log = LoggerFactory.getLogger(NodeRegistration.class);
  private static final int ATTEMPTS = 10;

  private NodeRegistration() {}

  public static Node register(ResourceStore store, NodeConfig cfg, String version) {
    Node node = upsertNode(store, cfg);
    ensureClusterInformation(store, version);
    ensureDefaultPools(store, cfg);
    return node;
  }

  static Node upsertNode(ResourceStore store, NodeConfig cfg) {
    for (int attempt = 1; ; attempt++) {
      Optional<Resource> current = store.get(ResourceKind.NODE, null, cfg.nodeName());
      Node base = current.map(Node.class::cast)
          .orElse(new Node(ObjectMeta.named(cfg.nodeName()), null, null));
      Node.NodeSpec spec = base.spec() == null
          ? new Node.NodeSpec(null, null, null, null, null, null, null, null, null) : base.spec();
      Node.NodeBGPSpec oldBgp = spec.bgp();
      Node.NodeBGPSpec bgp = new Node.NodeBGPSpec(
          cfg.asNumber() != null ? cfg.asNumber() : oldBgp == null ? null : oldBgp.asNumber(),
          text(cfg.ipv4()), text(cfg.ipv6()),
          oldBgp == null ? null : oldBgp.ipv4IPIPTunnelAddr(),
          oldBgp == null ? null : oldBgp.routeReflectorClusterID());
      Node.NodeSpec newSpec = new Node.NodeSpec(bgp, spec.ipv4VXLANTunnelAddr(), spec.vxlanTunnelMACAddr(),
          spec.ipv6VXLANTunnelAddr(), spec.vxlanTunnelMACAddrV6(), spec.orchRefs(), spec.wireguard(),
          spec.addresses(), spec.interfaces());
      Node wanted = new Node(base.metadata(), newSpec, base.status());
      try {
        Node stored = current.isPresent() ? store.update(wanted) : store.create(wanted);
        log.info("registered node {} (IPv4 {}, IPv6 {}, AS {})", cfg.nodeName(), bgp.ipv4Address(), bgp.ipv6Address(),
            bgp.asNumber() == null ? "inherited" : bgp.asNumber());
        return stored;
      } catch (DatastoreException.Conflict | DatastoreException.AlreadyExists | DatastoreException.NotFound e) {
        if (attempt >= ATTEMPTS) throw e; // someone else wrote the Node meanwhile: read it again
      }
    }
  }

  private static String text(IPAddress a) {
    return a == null ? null : a.toCanonicalString();
  }

  static void ensureClusterInformation(ResourceStore store, String version) {
    if (store.get(ResourceKind.CLUSTER_INFORMATION, null, "default").isPresent()) return;
    try {
      store.create(new ClusterInformation(ObjectMeta.named("default"), new ClusterInformation.ClusterInformationSpec(
          UUID.randomUUID().toString().replace("-", ""), "jcalico,bgp", version, true, "Calico")));
    } catch (DatastoreException.AlreadyExists e) {
      // another node created it first
    }
  }

  static void ensureDefaultPools(ResourceStore store, NodeConfig cfg) {
    if (!store.list(ResourceKind.IP_POOL, null).items().isEmpty()) return;
    for (Map.Entry<String, String> e : Map.of("default-ipv4-ippool", nullToEmpty(cfg.defaultIpv4Pool()),
        "default-ipv6-ippool", nullToEmpty(cfg.defaultIpv6Pool())).entrySet()) {
      if (e.getValue().isEmpty()) continue;
      try {
        // as calico-node's CALICO_IPV4POOL_NAT_OUTGOING (default true) and ..._IPV6POOL_... (default false)
        boolean v4 = e.getKey().equals("default-ipv4-ippool");
        store.create(new IPPool(ObjectMeta.named(e.getKey()), IPPoolSpec.ofCidr(e.getValue()).withNatOutgoing(v4)));
        log.info("created IP pool {} ({})", e.getKey(), e.getValue());
      } catch (DatastoreException.AlreadyExists ex) {
        // another node created it first
      }
    }
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }

  /** Kinds whose changes the node daemon follows. */
  public static final List<ResourceKind> WATCHED = List.of(ResourceKind.NODE, ResourceKind.BGP_PEER,
      ResourceKind.BGP_CONFIGURATION, ResourceKind.IP_POOL, ResourceKind.BGP_FILTER);
}
