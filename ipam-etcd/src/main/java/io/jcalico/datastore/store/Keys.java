package io.jcalico.datastore.store;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.ResourceKind;

/**
 * The etcd key layout, in one place, compatible with Calico's etcdv3 datastore:
 * <pre>
 * /calico/resources/v3/projectcalico.org/&lt;plural&gt;/[&lt;namespace&gt;/]&lt;name&gt;   v3 resources (JSON)
 * /calico/ipam/v2/assignment/ipv4/block/10.65.79.0-26                 IPAM blocks
 * /calico/ipam/v2/host/&lt;node&gt;/ipv4/block/10.65.79.0-26              block affinities
 * /calico/ipam/v2/handle/&lt;handle id&gt;                                   allocation handles
 * /calico/ipam/v2/config                                              IPAM configuration
 * </pre>
 */
public final class Keys {
  public static final String RESOURCES = "/calico/resources/v3/projectcalico.org/";
  public static final String IPAM = "/calico/ipam/v2/";

  private Keys() {}

  /** The key of one resource; namespaced kinds need a namespace. */
  public static String resource(ResourceKind kind, String namespace, String name) {
    return kindPrefix(kind) + (kind.namespaced() ? requireNamespace(kind, namespace) + "/" : "") + name;
  }

  /** The prefix of every resource of a kind. */
  public static String kindPrefix(ResourceKind kind) {
    return RESOURCES + kind.plural() + "/";
  }

  /** The prefix of the resources of a kind in one namespace (null: all namespaces). */
  public static String listPrefix(ResourceKind kind, String namespace) {
    if (!kind.namespaced() || namespace == null) return kindPrefix(kind);
    return kindPrefix(kind) + namespace + "/";
  }

  private static String requireNamespace(ResourceKind kind, String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      throw new IllegalArgumentException(kind.kindName() + " is namespaced: a namespace is required");
    }
    return namespace;
  }

  /** "4" or "6" as in the IPAM keys' "ipv4"/"ipv6". */
  private static String family(IPAddress cidr) {
    return cidr.isIPv4() ? "ipv4" : "ipv6";
  }

  /** The CIDR as Calico writes it in keys: "10.65.79.0-26". */
  public static String cidrSegment(IPAddress cidr) {
    IPAddress block = cidr.toPrefixBlock();
    return block.getLower().withoutPrefixLength().toCanonicalString() + "-" + block.getNetworkPrefixLength();
  }

  /** The CIDR of a key segment as {@link #cidrSegment} writes it ("10.65.79.0-26"), or null if it is not one. */
  public static IPAddress parseCidrSegment(String segment) {
    int dash = segment.lastIndexOf('-');
    if (dash < 0) return null;
    IPAddress a = new inet.ipaddr.IPAddressString(segment.substring(0, dash) + "/" + segment.substring(dash + 1)).getAddress();
    return a == null ? null : a.toPrefixBlock();
  }

  public static String ipamBlock(IPAddress cidr) {
    return IPAM + "assignment/" + family(cidr) + "/block/" + cidrSegment(cidr);
  }

  public static String ipamBlockPrefix(int ipVersion) {
    return IPAM + "assignment/ipv" + ipVersion + "/block/";
  }

  public static String ipamAffinity(String host, IPAddress cidr) {
    return IPAM + "host/" + host + "/" + family(cidr) + "/block/" + cidrSegment(cidr);
  }

  public static String ipamHostAffinityPrefix(String host, int ipVersion) {
    return IPAM + "host/" + host + "/ipv" + ipVersion + "/block/";
  }

  public static String ipamHostPrefix() {
    return IPAM + "host/";
  }

  public static String ipamHandle(String handleId) {
    return IPAM + "handle/" + handleId;
  }

  public static String ipamHandlePrefix() {
    return IPAM + "handle/";
  }

  public static String ipamConfig() {
    return IPAM + "config";
  }
}
