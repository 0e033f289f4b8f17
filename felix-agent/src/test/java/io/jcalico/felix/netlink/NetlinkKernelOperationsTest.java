package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.RTN_BLACKHOLE;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_LINK;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_TABLE_MAIN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.mac.MACAddress;
import inet.ipaddr.MACAddressString;
import io.jcalico.felix.testing.NetnsExtension;
import io.jcalico.felix.testing.TestNetns;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every {@link Netlink} operation against the real kernel, inside namespaces the test creates;
 * the result is read back independently with {@code ip -j}.
 */
class NetlinkKernelOperationsTest {
  private static final int PROTO = 80;

  @RegisterExtension final NetnsExtension namespaces = new NetnsExtension();

  private TestNetns node;
  private TestNetns pod;
  private Netlink nl;

  @BeforeEach
  void setUp() {
    assertThat(Rtnetlink.isAvailable()).as("probe: %s", Rtnetlink.unavailabilityCause()).isTrue();
    node = namespaces.create("node");
    pod = namespaces.create("pod");
    nl = node.netlink();
  }

  static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  static MACAddress mac(String s) {
    return new MACAddressString(s).getAddress();
  }

  private static List<JsonNode> list(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).toList();
  }

  @Test
  void vethPeerIsCreatedDirectlyInAnotherNamespaceWithMacAndMtu() {
    Link host = nl.createVeth(VethSpec.of("cali0123456789a", "eth0")
        .withMac(mac("ee:ee:ee:ee:ee:ee")).withMtu(1440).withPeerIn(pod.namespace()));

    assertThat(host.name()).isEqualTo("cali0123456789a");
    assertThat(host.isVeth()).isTrue();
    assertThat(host.mac().toColonDelimitedString()).isEqualTo("ee:ee:ee:ee:ee:ee");
    assertThat(host.mtu()).isEqualTo(1440);
    JsonNode hostJson = node.ipJson("-d", "link", "show", "cali0123456789a").get(0);
    assertThat(hostJson.get("address").asText()).isEqualTo("ee:ee:ee:ee:ee:ee");
    assertThat(hostJson.get("linkinfo").get("info_kind").asText()).isEqualTo("veth");
    JsonNode podJson = pod.ipJson("link", "show", "eth0").get(0);
    assertThat(podJson.get("mtu").asInt()).isEqualTo(1440);
    // The pod end's IFLA_LINK names the host end's index (in the other namespace).
    Link podEnd = pod.netlink().linkByName("eth0").orElseThrow();
    assertThat(podEnd.peerIndex()).isEqualTo(host.index());
    assertThat(podEnd.peerNetnsId()).isGreaterThanOrEqualTo(0);
    // Nothing leaked into the namespace the JVM runs in.
    try (Netlink own = Rtnetlink.open()) {
      assertThat(own.linkByName("cali0123456789a")).isEmpty();
    }
  }

  @Test
  void linkIsMovedToANamespaceByFileDescriptor() {
    Link a = nl.createVeth(VethSpec.of("mv-a", "mv-b"));
    Link b = nl.linkByName("mv-b").orElseThrow();

    nl.moveLinkToNamespace(b.index(), pod.namespace());

    assertThat(nl.linkByName("mv-b")).isEmpty();
    assertThat(pod.netlink().linkByName("mv-b")).isPresent();
    assertThat(list(pod.ipJson("link", "show", "mv-b"))).hasSize(1);
    assertThat(nl.linkByIndex(a.index())).isPresent();
  }

  @Test
  void linkUpDownMtuMacAndDelete() {
    Link a = nl.createVeth(VethSpec.of("ud-a", "ud-b"));
    assertThat(a.isUp()).isFalse();

    nl.setLinkUp(a.index(), true);
    nl.setMtu(a.index(), 1280);
    nl.setMac(a.index(), mac("02:00:00:00:00:42"));

    Link after = nl.linkByIndex(a.index()).orElseThrow();
    assertThat(after.isUp()).isTrue();
    assertThat(after.mtu()).isEqualTo(1280);
    assertThat(after.mac().toColonDelimitedString()).isEqualTo("02:00:00:00:00:42");
    JsonNode json = node.ipJson("link", "show", "ud-a").get(0);
    assertThat(list(json.get("flags")).stream().map(JsonNode::asText)).contains("UP");
    assertThat(nl.listLinks()).extracting(Link::name).contains("lo", "ud-a", "ud-b");

    nl.setLinkUp(a.index(), false);
    assertThat(nl.linkByIndex(a.index()).orElseThrow().isUp()).isFalse();

    nl.deleteLink(a.index());
    assertThat(nl.linkByName("ud-a")).isEmpty();
    assertThat(nl.linkByName("ud-b")).as("deleting one veth end deletes the pair").isEmpty();
    assertThatThrownBy(() -> nl.deleteLink(a.index()))
        .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("ENODEV"));
  }

  @Test
  void addressesIpv4AndIpv6() {
    Link a = nl.createVeth(VethSpec.of("ad-a", "ad-b"));
    nl.setLinkUp(a.index(), true);

    nl.addAddress(InterfaceAddress.of(a.index(), ip("198.18.7.1/32")));
    nl.addAddress(InterfaceAddress.of(a.index(), ip("fd00:7::1/128")).withFlags(NetlinkConstants.IFA_F_NODAD));
    assertThatThrownBy(() -> nl.addAddress(InterfaceAddress.of(a.index(), ip("198.18.7.1/32"))))
        .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errno()).isEqualTo(Errno.EEXIST));
    nl.replaceAddress(InterfaceAddress.of(a.index(), ip("198.18.7.1/32")));

    assertThat(nl.addressesOn(a.index(), IpFamily.V4)).extracting(InterfaceAddress::address)
        .containsExactly(ip("198.18.7.1/32"));
    InterfaceAddress v6 = nl.addressesOn(a.index(), IpFamily.V6).stream()
        .filter(x -> x.host().equals(ip("fd00:7::1"))).findFirst().orElseThrow();
    assertThat(v6.flags() & NetlinkConstants.IFA_F_TENTATIVE).as("nodad: usable at once").isZero();
    assertThat(nl.hasAddress(a.index(), ip("fd00:7::1/128"))).isTrue();
    JsonNode addrs = node.ipJson("addr", "show", "dev", "ad-a").get(0).get("addr_info");
    assertThat(list(addrs).stream().map(x -> x.get("local").asText() + "/" + x.get("prefixlen").asInt()))
        .contains("198.18.7.1/32", "fd00:7::1/128");

    nl.deleteAddress(InterfaceAddress.of(a.index(), ip("198.18.7.1/32")));
    assertThat(nl.addressesOn(a.index(), IpFamily.V4)).isEmpty();
  }

  @Test
  void routesViaGatewayDeviceScopeLinkAndBlackholeInBothFamilies() {
    Link a = nl.createVeth(VethSpec.of("rt-a", "rt-b"));
    Link b = nl.linkByName("rt-b").orElseThrow();
    nl.setLinkUp(a.index(), true);
    nl.setLinkUp(b.index(), true);
    nl.addAddress(InterfaceAddress.of(a.index(), ip("198.18.0.1/24")));
    nl.addAddress(InterfaceAddress.of(a.index(), ip("fd00:1::1/64")).withFlags(NetlinkConstants.IFA_F_NODAD));

    nl.addRoute(Route.via(ip("198.18.64.0/26"), ip("198.18.0.2")).withProtocol(PROTO));
    nl.addRoute(Route.device(ip("198.18.5.9/32"), a.index()).withProtocol(PROTO));
    nl.addRoute(Route.blackhole(ip("198.18.128.0/26")).withProtocol(PROTO));
    nl.addRoute(Route.via(ip("fd00:64::/122"), ip("fd00:1::2")).withProtocol(PROTO));
    nl.addRoute(Route.device(ip("fd00:5::9/128"), a.index()).withProtocol(PROTO));
    nl.addRoute(Route.blackhole(ip("fd00:128::/122")).withProtocol(PROTO));

    List<JsonNode> v4 = list(node.ipJson("route", "show", "proto", "80"));
    assertThat(v4.stream().map(r -> r.path("type").asText("unicast") + " " + r.get("dst").asText()
        + " " + r.path("gateway").asText("-") + " " + r.path("dev").asText("-") + " " + r.path("scope").asText("-")))
        .containsExactlyInAnyOrder(
            "unicast 198.18.64.0/26 198.18.0.2 rt-a -",
            "unicast 198.18.5.9 - rt-a link",
            "blackhole 198.18.128.0/26 - - -");
    List<JsonNode> v6 = list(node.ipJson("-6", "route", "show", "proto", "80"));
    assertThat(v6.stream().map(r -> r.path("type").asText("unicast") + " " + r.get("dst").asText()
        + " " + r.path("gateway").asText("-")))
        .containsExactlyInAnyOrder(
            "unicast fd00:64::/122 fd00:1::2", "unicast fd00:5::9 -", "blackhole fd00:128::/122 -");

    // Decoding: what we list is what we wrote.
    List<Route> ours = nl.listRoutes(IpFamily.V4).stream().filter(r -> r.protocol() == PROTO).toList();
    assertThat(ours).extracting(Route::destination, Route::type, Route::gateway, Route::table)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(ip("198.18.64.0/26"), 1, ip("198.18.0.2"), RT_TABLE_MAIN),
            org.assertj.core.groups.Tuple.tuple(ip("198.18.5.9/32"), 1, null, RT_TABLE_MAIN),
            org.assertj.core.groups.Tuple.tuple(ip("198.18.128.0/26"), RTN_BLACKHOLE, null, RT_TABLE_MAIN));
    assertThat(ours).filteredOn(r -> r.destination().equals(ip("198.18.5.9/32")))
        .singleElement().satisfies(r -> {
          assertThat(r.scope()).isEqualTo(RT_SCOPE_LINK);
          assertThat(r.outputInterface()).isEqualTo(a.index());
        });
    assertThat(nl.listRoutes(IpFamily.V6)).filteredOn(r -> r.protocol() == PROTO)
        .extracting(Route::effectivePriority).containsOnly(1024);

    // Replace moves the gateway in place; delete removes; a second delete is ESRCH.
    nl.replaceRoute(Route.via(ip("198.18.64.0/26"), ip("198.18.0.3")).withProtocol(PROTO));
    assertThat(node.ipJson("route", "show", "198.18.64.0/26").get(0).get("gateway").asText()).isEqualTo("198.18.0.3");
    assertThatThrownBy(() -> nl.addRoute(Route.blackhole(ip("198.18.128.0/26")).withProtocol(PROTO)))
        .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("EEXIST"));
    Route gone = Route.blackhole(ip("198.18.128.0/26")).withProtocol(PROTO);
    nl.deleteRoute(gone);
    assertThat(list(node.ipJson("route", "show", "198.18.128.0/26"))).isEmpty();
    assertThatThrownBy(() -> nl.deleteRoute(gone))
        .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("ESRCH"));
    nl.deleteRoute(Route.blackhole(ip("fd00:128::/122")).withProtocol(PROTO));
    assertThat(list(node.ipJson("-6", "route", "show", "fd00:128::/122"))).isEmpty();
  }

  @Test
  void routeErrorsCarryTheKernelsExplanation() {
    // A gateway nobody can reach: the kernel refuses with ENETUNREACH and an extended-ack text.
    assertThatThrownBy(() -> nl.addRoute(Route.via(ip("198.18.64.0/26"), ip("198.18.99.1"))))
        .isInstanceOfSatisfying(NetlinkException.class, e -> {
          assertThat(e.errnoName()).isEqualTo("ENETUNREACH");
          assertThat(e.getMessage()).contains("198.18.64.0/26", "ENETUNREACH");
        });
  }

  @Test
  void permanentNeighboursIpv4AndIpv6() {
    Link a = nl.createVeth(VethSpec.of("nb-a", "nb-b"));
    nl.setLinkUp(a.index(), true);
    MACAddress podMac = mac("0a:58:c6:12:05:09");

    nl.replaceNeighbour(Neighbour.permanent(a.index(), ip("198.18.5.9"), podMac, PROTO));
    nl.replaceNeighbour(Neighbour.permanent(a.index(), ip("fd00:5::9"), podMac, PROTO));
    nl.replaceNeighbour(Neighbour.permanent(a.index(), ip("198.18.5.9"), podMac, PROTO)); // idempotent

    JsonNode v4 = node.ipJson("neigh", "show", "dev", "nb-a").get(0);
    assertThat(v4.get("dst").asText()).isEqualTo("198.18.5.9");
    assertThat(v4.get("lladdr").asText()).isEqualTo("0a:58:c6:12:05:09");
    assertThat(list(v4.get("state")).stream().map(JsonNode::asText)).containsExactly("PERMANENT");
    assertThat(nl.listNeighbours(IpFamily.V4)).filteredOn(n -> n.interfaceIndex() == a.index())
        .singleElement().satisfies(n -> {
          assertThat(n.isPermanent()).isTrue();
          assertThat(n.mac().toColonDelimitedString()).isEqualTo("0a:58:c6:12:05:09");
          assertThat(n.protocol()).isEqualTo(PROTO);
        });
    assertThat(nl.listNeighbours(IpFamily.V6)).filteredOn(n -> n.interfaceIndex() == a.index() && n.isPermanent())
        .extracting(Neighbour::address).containsExactly(ip("fd00:5::9"));

    nl.deleteNeighbour(Neighbour.permanent(a.index(), ip("198.18.5.9"), podMac, PROTO));
    assertThat(list(node.ipJson("neigh", "show", "dev", "nb-a", "198.18.5.9"))).isEmpty();
  }

  @Test
  void missingNamespaceFileIsEnoent() {
    assertThatThrownBy(() -> Rtnetlink.openNamespace(java.nio.file.Path.of("/run/netns/jct-does-not-exist")))
        .isInstanceOfSatisfying(NetlinkException.class, e -> assertThat(e.errnoName()).isEqualTo("ENOENT"));
  }
}
