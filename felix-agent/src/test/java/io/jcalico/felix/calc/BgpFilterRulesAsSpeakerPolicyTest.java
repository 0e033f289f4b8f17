package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.policy.Policy;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.BGPFilter;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.Resource;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * BGPFilter rules become the session's import/export policy with Calico's semantics: Equal,
 * NotEqual, In, NotIn, prefixLength bounds, first match decides, default Accept, filters in the
 * BGPPeer's order, source RemotePeers only for learned routes, interface rules never match.
 */
class BgpFilterRulesAsSpeakerPolicyTest {
  private static final ResourceCodec CODEC = ResourceCodec.get();
  private static final AttributeSet ATTRS = AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP).build();

  private static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  private static boolean accepts(Policy p, String prefix, boolean learned) {
    IPAddress a = ip(prefix);
    BigInteger top = a.getValue().shiftLeft(128 - a.getBitCount());
    return p.apply(a.isIPv4(), top.shiftRight(64).longValue(), top.longValue(), a.getNetworkPrefixLength(), ATTRS,
        learned) != null;
  }

  private static final String RESOURCES = """
      apiVersion: projectcalico.org/v3
      kind: BGPFilter
      metadata: {name: first}
      spec:
        exportV4:
        - {action: Accept, matchOperator: Equal, cidr: 198.18.64.0/26}
        - {action: Reject, matchOperator: In, cidr: 198.18.64.0/18, prefixLength: {max: 26}}
        - {action: Reject, interface: "*.calico"}
        importV4:
        - {action: Reject, matchOperator: NotIn, cidr: 198.19.0.0/16}
        - {action: Reject, matchOperator: In, cidr: 198.19.0.0/16, prefixLength: {min: 28}}
        importV6:
        - {action: Reject, matchOperator: NotEqual, cidr: "fd00:7::/64"}
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPFilter
      metadata: {name: second}
      spec:
        exportV4:
        - {action: Reject, source: RemotePeers}
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata: {name: tor}
      spec: {peerIP: 198.18.0.1, asNumber: 65001, filters: [first, second, missing]}
      """;

  private static PeerRouteFilter filterOf(String peer) {
    List<Resource> rs = CODEC.parseAll(RESOURCES);
    List<BGPFilter> filters = rs.stream().filter(BGPFilter.class::isInstance).map(BGPFilter.class::cast).toList();
    List<BGPPeer> peers = rs.stream().filter(BGPPeer.class::isInstance).map(BGPPeer.class::cast).toList();
    List<DesiredPeer> sessions = List.of(
        new DesiredPeer(ip(peer), 179, 65001, DesiredPeer.PeerType.GLOBAL, false, false, false, Duration.ofSeconds(120), "tor",
            DesiredPeer.SessionOptions.NONE),
        new DesiredPeer(ip("198.18.0.9"), 179, 64512, DesiredPeer.PeerType.MESH, false, false, false, null, "tor",
            DesiredPeer.SessionOptions.NONE));
    Map<IPAddress, PeerRouteFilter> all = PeerRouteFilter.of(sessions, peers, filters);
    assertThat(all).as("the mesh has no filters").doesNotContainKey(ip("198.18.0.9"));
    return all.get(ip(peer));
  }

  @Test
  void exportRulesInOrderWithDefaultAccept() {
    Policy export = filterOf("198.18.0.1").exportPolicy("x", true);
    assertThat(accepts(export, "198.18.64.0/26", false)).as("Equal accepts first").isTrue();
    assertThat(accepts(export, "198.18.64.64/26", false)).as("In the /18 up to /26: rejected").isFalse();
    assertThat(accepts(export, "198.18.64.64/27", false)).as("longer than prefixLength.max").isTrue();
    assertThat(accepts(export, "198.20.0.0/24", false)).as("interface rule never matches; default accept").isTrue();
    assertThat(accepts(export, "198.20.0.0/24", true)).as("second filter: learned routes rejected").isFalse();
  }

  @Test
  void importRulesWithNotInAndMinimumLength() {
    Policy imp = filterOf("198.18.0.1").importPolicy("x", true);
    assertThat(accepts(imp, "203.0.113.0/24", true)).as("NotIn rejects outside").isFalse();
    assertThat(accepts(imp, "198.19.4.0/24", true)).isTrue();
    assertThat(accepts(imp, "198.19.4.16/28", true)).as("In with min 28").isFalse();
  }

  @Test
  void anIpv6SessionUsesTheV6Rules() {
    PeerRouteFilter f = filterOf("fd00::1");
    assertThat(f.exportRules()).isEmpty();
    Policy imp = f.importPolicy("x", false);
    assertThat(accepts(imp, "fd00:7::/64", true)).isTrue();
    assertThat(accepts(imp, "fd00:7::/65", true)).as("NotEqual: any other prefix").isFalse();
  }
}
