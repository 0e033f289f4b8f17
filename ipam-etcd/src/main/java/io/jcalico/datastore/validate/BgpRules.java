package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.present;
import static io.jcalico.datastore.validate.Checks.q;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPConfigurationSpec.Community;
import io.jcalico.datastore.model.BGPConfigurationSpec.PrefixAdvertisement;
import io.jcalico.datastore.model.BGPConfigurationSpec.ServiceCIDR;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.BGPPassword;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.BGPPeerSpec;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** BGPPeer and BGPConfiguration rules. */
final class BgpRules {

  private static final Pattern STANDARD_COMMUNITY = Pattern.compile("(\\d+):(\\d+)");
  private static final Pattern LARGE_COMMUNITY = Pattern.compile("(\\d+):(\\d+):(\\d+)");
  private static final Pattern IGNORED_INTERFACE = Pattern.compile("[a-zA-Z0-9_.*-]{1,15}");

  private BgpRules() {}

  static void peer(Checks c, BGPPeer peer) {
    BGPPeerSpec s = peer.spec();
    if (c.missing("spec", s)) return;
    c.subdomain("spec.node", s.node());
    Selectors.check(c, "spec.nodeSelector", s.nodeSelector());
    Selectors.check(c, "spec.peerSelector", s.peerSelector());
    Selectors.check(c, "spec.localWorkloadSelector", s.localWorkloadSelector());
    if (present(s.node()) && present(s.nodeSelector())) {
      c.add("spec.node", "cannot be set together with spec.nodeSelector: a peer names one node or selects some");
    }
    Optional<IPAddress> peerIp = present(s.peerIP()) ? peerAddress(c, s.peerIP()) : Optional.empty();
    if (present(s.peerIP()) && present(s.peerSelector())) {
      c.add("spec.peerIP", "cannot be set together with spec.peerSelector");
    }
    if (s.asNumber() != null && s.asNumber().value() != 0 && present(s.peerSelector())) {
      c.add("spec.asNumber", "must not be set with spec.peerSelector: the selected nodes' own AS numbers are used");
    }
    if (present(s.localWorkloadSelector())) {
      if (s.asNumber() == null || s.asNumber().value() == 0) {
        c.add("spec.asNumber", "is required with spec.localWorkloadSelector");
      }
      if (present(s.peerIP())) c.add("spec.peerIP", "cannot be set together with spec.localWorkloadSelector");
      if (present(s.peerSelector())) {
        c.add("spec.peerSelector", "cannot be set together with spec.localWorkloadSelector");
      }
    }
    if (present(s.reachableBy())) {
      Optional<IPAddress> via = Addresses.address(s.reachableBy());
      if (!present(s.peerIP())) {
        c.add("spec.reachableBy", "requires spec.peerIP");
      } else if (via.isEmpty()) {
        c.add("spec.reachableBy", q(s.reachableBy()) + " is not a valid IP address");
      } else if (peerIp.isPresent() && peerIp.get().getIPVersion() != via.get().getIPVersion()) {
        c.add("spec.reachableBy", q(s.reachableBy()) + " is not of the same address family as spec.peerIP");
      }
    }
    if (Boolean.TRUE.equals(s.keepOriginalNextHop()) && s.nextHopMode() != null) {
      c.add("spec.keepOriginalNextHop", "cannot be true together with spec.nextHopMode (it is deprecated; use nextHopMode)");
    }
    c.oneOf("spec.nextHopMode", s.nextHopMode(), BGPPeerSpec.NEXT_HOP_MODES);
    c.oneOf("spec.sourceAddress", s.sourceAddress(), BGPPeerSpec.SOURCE_ADDRESSES);
    c.oneOf("spec.reversePeering", s.reversePeering(), BGPPeerSpec.REVERSE_PEERINGS);
    c.duration("spec.maxRestartTime", s.maxRestartTime());
    c.duration("spec.keepaliveTime", s.keepaliveTime());
    c.range("spec.ttlSecurity", s.ttlSecurity(), 0, 255, "a hop count");
    c.range("spec.numAllowedLocalASNumbers", s.numAllowedLocalASNumbers(), 0, Integer.MAX_VALUE, "a count");
    c.names("spec.filters", s.filters());
    password(c, "spec.password", s.password());
  }

  /** {@code a.b.c.d}, {@code a.b.c.d:port}, an IPv6 address, or {@code [v6]:port}; port 1-65535. */
  private static Optional<IPAddress> peerAddress(Checks c, String text) {
    String host = text;
    String port = null;
    int colon = text.lastIndexOf(':');
    if (text.startsWith("[")) {
      int close = text.indexOf("]:");
      if (close > 0) {
        host = text.substring(1, close);
        port = text.substring(close + 2);
      }
    } else if (colon > 0 && text.indexOf(':') == colon) {
      host = text.substring(0, colon);
      port = text.substring(colon + 1);
    }
    Optional<IPAddress> a = Addresses.address(host);
    boolean portOk = port == null || (port.matches("\\d{1,5}") && Integer.parseInt(port) >= 1
        && Integer.parseInt(port) <= 65535);
    boolean shapeOk = text.startsWith("[") ? port != null && a.map(IPAddress::isIPv6).orElse(false)
        : port == null || a.map(IPAddress::isIPv4).orElse(false);
    if (a.isEmpty() || !portOk || !shapeOk) {
      c.add("spec.peerIP", q(text) + " is not a valid peer address: an IP address, optionally with a port as"
          + " <IPv4>:<port> or [<IPv6>]:<port> (port 1-65535)");
      return Optional.empty();
    }
    return a;
  }

  private static void password(Checks c, String path, BGPPassword p) {
    if (p == null) return;
    if (p.secretKeyRef() == null) {
      c.add(path + ".secretKeyRef", "is required");
      return;
    }
    c.required(path + ".secretKeyRef.key", p.secretKeyRef().key());
    c.subdomain(path + ".secretKeyRef.name", p.secretKeyRef().name());
  }

  static void configuration(Checks c, BGPConfiguration config) {
    BGPConfigurationSpec s = config.spec();
    if (c.missing("spec", s)) return;
    c.oneOf("spec.logSeverityScreen", s.logSeverityScreen(), BGPConfigurationSpec.LOG_SEVERITIES);
    c.range("spec.listenPort", s.listenPort(), 1, 65535, "a port");
    c.oneOf("spec.bindMode", s.bindMode(), BGPConfigurationSpec.BIND_MODES);
    c.oneOf("spec.serviceLoadBalancerAggregation", s.serviceLoadBalancerAggregation(), BGPConfigurationSpec.ENABLED_DISABLED);
    c.oneOf("spec.programClusterRoutes", s.programClusterRoutes(), BGPConfigurationSpec.ENABLED_DISABLED);
    serviceCidrs(c, "spec.serviceClusterIPs", s.serviceClusterIPs());
    serviceCidrs(c, "spec.serviceExternalIPs", s.serviceExternalIPs());
    serviceCidrs(c, "spec.serviceLoadBalancerIPs", s.serviceLoadBalancerIPs());
    communities(c, s);
    password(c, "spec.nodeMeshPassword", s.nodeMeshPassword());
    c.duration("spec.nodeMeshMaxRestartTime", s.nodeMeshMaxRestartTime());
    if (Boolean.FALSE.equals(s.nodeToNodeMeshEnabled())) {
      if (s.nodeMeshPassword() != null) c.add("spec.nodeMeshPassword", "cannot be set while spec.nodeToNodeMeshEnabled is false");
      if (s.nodeMeshMaxRestartTime() != null) {
        c.add("spec.nodeMeshMaxRestartTime", "cannot be set while spec.nodeToNodeMeshEnabled is false");
      }
    }
    List<String> ignored = s.ignoredInterfaces();
    for (int i = 0; ignored != null && i < ignored.size(); i++) {
      String v = ignored.get(i);
      if (v.equals("*") || !IGNORED_INTERFACE.matcher(v).matches()) {
        c.add("spec.ignoredInterfaces[" + i + "]", q(v) + " is not a valid interface name pattern: 1-15 letters,"
            + " digits, '_', '.', '-' or '*', and not just \"*\"");
      }
    }
    c.ipv4("spec.localWorkloadPeeringIPV4", s.localWorkloadPeeringIPV4());
    if (s.localWorkloadPeeringIPV4() != null && List.of("169.254.0.1", "169.254.0.2").contains(s.localWorkloadPeeringIPV4())) {
      c.add("spec.localWorkloadPeeringIPV4", q(s.localWorkloadPeeringIPV4()) + " is reserved for Calico's own use");
    }
    c.ipv6("spec.localWorkloadPeeringIPV6", s.localWorkloadPeeringIPV6());
    Addresses.address(s.localWorkloadPeeringIPV6()).filter(IPAddress::isLinkLocal).ifPresent(a ->
        c.add("spec.localWorkloadPeeringIPV6", q(s.localWorkloadPeeringIPV6()) + " must not be link-local"));
    if (!config.namedDefault()) defaultOnly(c, s);
  }

  /** Calico rejects cluster-wide settings on per-node ({@code node.<name>}) configurations. */
  private static void defaultOnly(Checks c, BGPConfigurationSpec s) {
    String why = "can only be set on the BGPConfiguration named default";
    if (s.nodeToNodeMeshEnabled() != null) c.add("spec.nodeToNodeMeshEnabled", why);
    if (s.asNumber() != null) c.add("spec.asNumber", why);
    if (s.serviceClusterIPs() != null && !s.serviceClusterIPs().isEmpty()) c.add("spec.serviceClusterIPs", why);
    if (s.serviceExternalIPs() != null && !s.serviceExternalIPs().isEmpty()) c.add("spec.serviceExternalIPs", why);
    if (s.serviceLoadBalancerIPs() != null && !s.serviceLoadBalancerIPs().isEmpty()) {
      c.add("spec.serviceLoadBalancerIPs", why);
    }
  }

  private static void serviceCidrs(Checks c, String path, List<ServiceCIDR> cidrs) {
    for (int i = 0; cidrs != null && i < cidrs.size(); i++) {
      String p = path + "[" + i + "].cidr";
      if (cidrs.get(i).cidr() == null) c.add(p, "is required"); else c.network(p, cidrs.get(i).cidr());
    }
  }

  private static void communities(Checks c, BGPConfigurationSpec s) {
    List<Community> defined = s.communities() == null ? List.of() : s.communities();
    for (int i = 0; i < defined.size(); i++) {
      c.required("spec.communities[" + i + "].name", defined.get(i).name());
      String why = communityProblem(defined.get(i).value());
      if (why != null) c.add("spec.communities[" + i + "].value", q(defined.get(i).value()) + " " + why);
    }
    List<PrefixAdvertisement> ads = s.prefixAdvertisements() == null ? List.of() : s.prefixAdvertisements();
    if (!defined.isEmpty() && ads.isEmpty()) {
      c.add("spec.communities", "are defined but no spec.prefixAdvertisements use them");
    }
    for (int i = 0; i < ads.size(); i++) {
      String p = "spec.prefixAdvertisements[" + i + "]";
      if (ads.get(i).cidr() == null) c.add(p + ".cidr", "is required"); else c.cidr(p + ".cidr", ads.get(i).cidr());
      List<String> used = ads.get(i).communities() == null ? List.of() : ads.get(i).communities();
      for (int j = 0; j < used.size(); j++) {
        String v = used.get(j);
        boolean isName = defined.stream().anyMatch(d -> v.equals(d.name()));
        boolean looksLiteral = STANDARD_COMMUNITY.matcher(v).matches() || LARGE_COMMUNITY.matcher(v).matches();
        if (looksLiteral && communityProblem(v) != null) {
          c.add(p + ".communities[" + j + "]", q(v) + " " + communityProblem(v));
        } else if (!looksLiteral && !isName) {
          c.add(p + ".communities[" + j + "]", q(v) + " is neither a community value nor a name from spec.communities");
        }
      }
    }
  }

  /** Null for {@code aa:nn} with 16-bit parts or {@code aa:nn:mm} with 32-bit parts. */
  static String communityProblem(String v) {
    if (v == null) return "is required";
    Matcher std = STANDARD_COMMUNITY.matcher(v);
    Matcher large = LARGE_COMMUNITY.matcher(v);
    Matcher m = std.matches() ? std : large.matches() ? large : null;
    if (m == null) return "is not a BGP community: aa:nn (16-bit parts) or aa:nn:mm (32-bit parts)";
    long max = m == std ? 0xFFFFL : 0xFFFF_FFFFL;
    for (int g = 1; g <= m.groupCount(); g++) {
      if (m.group(g).length() > 10 || Long.parseLong(m.group(g)) > max) {
        return "is not a valid " + (m == std ? "standard" : "large") + " community: each part must fit "
            + (m == std ? 16 : 32) + " bits";
      }
    }
    return null;
  }
}
