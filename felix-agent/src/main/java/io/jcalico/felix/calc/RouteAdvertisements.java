package io.jcalico.felix.calc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.BGPConfigurationSpec.Community;
import io.jcalico.datastore.model.BGPConfigurationSpec.PrefixAdvertisement;
import io.jcalico.datastore.model.BGPConfigurationSpec.ServiceCIDR;
import io.jcalico.datastore.model.IPPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a node advertises over BGP, as Calico's BIRD configuration makes it:
 * <ul>
 *   <li>its confirmed blocks, except those inside an IPPool with {@code disableBGPExport} (their
 *       blackhole route stays local);
 *   <li>the BGPConfiguration "default"'s {@code serviceClusterIPs}, {@code serviceExternalIPs} and
 *       {@code serviceLoadBalancerIPs} CIDRs, whole, from every node, so a ToR can spread traffic
 *       over all nodes (Calico advertises external and load-balancer addresses per service; with no
 *       Kubernetes API we advertise the configured CIDRs themselves);
 *   <li>each of these carries the communities of every {@code prefixAdvertisements} entry whose CIDR
 *       contains it (names resolved against {@code communities} of the same resource); a node's own
 *       BGPConfiguration "node.&lt;name&gt;" replaces the default's prefixAdvertisements when it has any.
 * </ul>
 * Pure: recomputed whole on every change.
 */
public final class RouteAdvertisements {
  private static final Pattern LITERAL = Pattern.compile("\\d+:\\d+(:\\d+)?");

  private RouteAdvertisements() {}

  /** Everything the computation reads. */
  public record Inputs(Set<IPAddress> blocks, List<IPPool> pools, BGPConfigurationSpec global,
                       BGPConfigurationSpec nodeConfig) {
    public Inputs {
      blocks = Set.copyOf(blocks);
      pools = List.copyOf(pools);
      global = global == null ? BGPConfigurationSpec.empty() : global;
    }
  }

  public enum Source { BLOCK, SERVICE_CLUSTER_IPS, SERVICE_EXTERNAL_IPS, SERVICE_LOADBALANCER_IPS }

  /** An RFC 8092 large community: three 32-bit values. */
  public record LargeCommunity(long global, long local1, long local2) {}

  /**
   * One prefix the node originates.
   *
   * @param communities RFC 1997 communities, each {@code asn << 16 | value}
   */
  public record Advertisement(IPAddress prefix, Source source, List<Integer> communities,
                              List<LargeCommunity> largeCommunities) {
    public Advertisement {
      communities = List.copyOf(communities);
      largeCommunities = List.copyOf(largeCommunities);
    }
  }

  public static Map<IPAddress, Advertisement> compute(Inputs in) {
    List<Tag> tags = tags(in.nodeConfig() != null && !orEmpty(in.nodeConfig().prefixAdvertisements()).isEmpty()
        ? in.nodeConfig() : in.global());
    Map<IPAddress, Advertisement> out = new LinkedHashMap<>();
    in.blocks().stream().sorted().filter(b -> exported(b, in.pools()))
        .forEach(b -> out.put(b, advertisement(b, Source.BLOCK, tags)));
    services(in.global().serviceClusterIPs(), Source.SERVICE_CLUSTER_IPS, tags, out);
    services(in.global().serviceExternalIPs(), Source.SERVICE_EXTERNAL_IPS, tags, out);
    services(in.global().serviceLoadBalancerIPs(), Source.SERVICE_LOADBALANCER_IPS, tags, out);
    return ImmutableMap.copyOf(out);
  }

  /** A block is exported unless the pool holding it says disableBGPExport (no pool: exported). */
  private static boolean exported(IPAddress block, List<IPPool> pools) {
    for (IPPool p : pools) {
      if (p.spec() == null || p.spec().cidr() == null) continue;
      IPAddress cidr = prefix(p.spec().cidr());
      if (cidr != null && cidr.getIPVersion() == block.getIPVersion() && cidr.contains(block)) {
        return !Boolean.TRUE.equals(p.spec().disableBGPExport());
      }
    }
    return true;
  }

  private static void services(List<ServiceCIDR> cidrs, Source source, List<Tag> tags, Map<IPAddress, Advertisement> out) {
    if (cidrs == null) return;
    for (ServiceCIDR s : cidrs) {
      IPAddress p = s.cidr() == null ? null : prefix(s.cidr());
      if (p != null) out.putIfAbsent(p, advertisement(p, source, tags));
    }
  }

  private static Advertisement advertisement(IPAddress prefix, Source source, List<Tag> tags) {
    List<Integer> standard = new ArrayList<>();
    List<LargeCommunity> large = new ArrayList<>();
    for (Tag t : tags) {
      if (!t.cidr().contains(prefix) || t.cidr().getIPVersion() != prefix.getIPVersion()) continue;
      t.standard().stream().filter(c -> !standard.contains(c)).forEach(standard::add);
      t.large().stream().filter(c -> !large.contains(c)).forEach(large::add);
    }
    return new Advertisement(prefix, source, standard, large);
  }

  /** One prefixAdvertisements entry with its communities resolved to values. */
  private record Tag(IPAddress cidr, List<Integer> standard, List<LargeCommunity> large) {}

  private static List<Tag> tags(BGPConfigurationSpec spec) {
    ImmutableList.Builder<Tag> out = ImmutableList.builder();
    for (PrefixAdvertisement pa : orEmpty(spec.prefixAdvertisements())) {
      IPAddress cidr = pa.cidr() == null ? null : prefix(pa.cidr());
      if (cidr == null) continue;
      List<Integer> standard = new ArrayList<>();
      List<LargeCommunity> large = new ArrayList<>();
      for (String c : orEmpty(pa.communities())) {
        String value = LITERAL.matcher(c).matches() ? c : orEmpty(spec.communities()).stream()
            .filter(d -> c.equals(d.name())).map(Community::value).findFirst().orElse(null);
        if (value == null) continue; // validation refuses unknown names
        if (value.split(":").length == 3) {
          int[] l = Communities.parseLarge(value);
          large.add(new LargeCommunity(Integer.toUnsignedLong(l[0]), Integer.toUnsignedLong(l[1]),
              Integer.toUnsignedLong(l[2])));
        } else {
          standard.add(Communities.parse(value));
        }
      }
      out.add(new Tag(cidr, standard, large));
    }
    return out.build();
  }

  static <T> List<T> orEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }

  /** "198.18.0.0/16" or a bare address (a full-length prefix), as a prefix block. */
  static IPAddress prefix(String text) {
    IPAddress a = new IPAddressString(text).getAddress();
    return a == null ? null : a.toPrefixBlock();
  }
}
