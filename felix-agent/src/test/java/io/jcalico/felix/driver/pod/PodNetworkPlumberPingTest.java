package io.jcalico.felix.driver.pod;

import static io.jcalico.felix.testing.Addresses.ip;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.netlink.SysctlKey;
import io.jcalico.felix.testing.NetnsExtension;
import io.jcalico.felix.testing.TestNetns;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calico-style pod wiring end to end: a "node" namespace and two "pod" namespaces wired with
 * {@link PodNetworkPlumber}; pods ping each other (IPv4 and IPv6) through the node by proxy ARP
 * and /32 routes, and the layout matches Calico's as {@code ip -j} shows it.
 */
class PodNetworkPlumberPingTest {
  @RegisterExtension final NetnsExtension namespaces = new NetnsExtension();

  private TestNetns node;
  private TestNetns pod1;
  private TestNetns pod2;
  private PodNetworkPlumber plumber;


  @BeforeEach
  void setUp() {
    node = namespaces.create("node");
    pod1 = namespaces.create("pod1");
    pod2 = namespaces.create("pod2");
    // What a node has anyway: IPv6 forwarding on globally (set by the daemon at start) and an
    // uplink with a default route. Proxy ARP answers only for addresses the node can route
    // elsewhere, so without a default route nobody would answer for 169.254.1.1.
    node.sysctls().set(SysctlKey.ipv6Conf("all", "forwarding"), "1");
    node.ip("link", "add", "uplink", "type", "veth", "peer", "name", "uplink-peer");
    node.ip("link", "set", "uplink", "up");
    node.ip("link", "set", "uplink-peer", "up");
    node.ip("addr", "add", "198.18.0.1/24", "dev", "uplink");
    node.ip("route", "add", "default", "via", "198.18.0.254");
    plumber = new PodNetworkPlumber(node.netlink(), node.namespace(), RouteReconciler.JCALICO_ROUTE_PROTOCOL);
  }

  private PodNetworkSpec spec(TestNetns pod, String hostIf, String v4, String v6) {
    return new PodNetworkSpec(pod.path(), hostIf, "eth0", List.of(ip(v4), ip(v6)), 1440);
  }

  private static List<JsonNode> list(JsonNode a) {
    return StreamSupport.stream(a.spliterator(), false).toList();
  }

  private static void ping(TestNetns from, String to) {
    TestNetns.Result r = from.exec("ping", "-c", "2", "-i", "0.2", "-W", "2", to);
    assertThat(r.exitCode()).as("ping %s from %s:\n%s", to, from.name(), r.output()).isZero();
  }

  @Test
  void podsOnOneNodeReachEachOtherAndTheLayoutIsCalicos() {
    long t0 = System.nanoTime();
    PodAttachment a1 = plumber.setUp(spec(pod1, "calia1b2c3d4e5f", "198.18.10.1", "fd00:10::1"));
    long t1 = System.nanoTime();
    PodAttachment a2 = plumber.setUp(spec(pod2, "calib1b2c3d4e5f", "198.18.10.2/26", "fd00:10::2/122"));
    System.out.printf("setUp took %.1f ms (first) and %.1f ms (second)%n",
        (t1 - t0) / 1e6, (System.nanoTime() - t1) / 1e6);

    ping(pod1, "198.18.10.2");
    ping(pod2, "198.18.10.1");
    ping(pod1, "fd00:10::2");
    ping(pod2, "fd00:10::1");

    // Host side.
    JsonNode hostLink = node.ipJson("-d", "link", "show", "calia1b2c3d4e5f").get(0);
    assertThat(hostLink.get("address").asText()).isEqualTo("ee:ee:ee:ee:ee:ee");
    assertThat(hostLink.get("mtu").asInt()).isEqualTo(1440);
    assertThat(hostLink.get("operstate").asText()).isEqualTo("UP");
    assertThat(node.ip("route", "show", "198.18.10.1")).contains("dev calia1b2c3d4e5f", "proto 80", "scope link");
    assertThat(node.ip("-6", "route", "show", "fd00:10::1")).contains("dev calia1b2c3d4e5f", "proto 80");
    JsonNode neigh = node.ipJson("neigh", "show", "198.18.10.1", "dev", "calia1b2c3d4e5f").get(0);
    assertThat(neigh.get("lladdr").asText()).isEqualTo(a1.podMac().toColonDelimitedString());
    assertThat(list(neigh.get("state")).stream().map(JsonNode::asText)).containsExactly("PERMANENT");
    assertThat(node.sysctls().get(SysctlKey.ipv4Conf("calia1b2c3d4e5f", "proxy_arp"))).isEqualTo("1");
    assertThat(node.sysctls().get(SysctlKey.ipv4Neigh("calia1b2c3d4e5f", "proxy_delay"))).isEqualTo("0");
    assertThat(node.sysctls().get(SysctlKey.ipv4Conf("calia1b2c3d4e5f", "route_localnet"))).isEqualTo("1");
    assertThat(node.sysctls().get(SysctlKey.ipv4Conf("calia1b2c3d4e5f", "forwarding"))).isEqualTo("1");
    assertThat(node.ip("-6", "addr", "show", "dev", "calia1b2c3d4e5f")).contains("fe80::ecee:eeff:feee:eeee/64");

    // Pod side.
    JsonNode addrs = pod2.ipJson("addr", "show", "dev", "eth0").get(0).get("addr_info");
    assertThat(list(addrs).stream().map(x -> x.get("local").asText() + "/" + x.get("prefixlen").asInt()))
        .contains("198.18.10.2/32", "fd00:10::2/128");
    assertThat(pod2.ip("route", "show")).contains(
        "default via 169.254.1.1 dev eth0", "169.254.1.1 dev eth0 scope link");
    assertThat(pod2.ip("-6", "route", "show", "default")).contains("default via fe80::ecee:eeff:feee:eeee dev eth0");
    assertThat(a2.addresses()).containsExactly(ip("198.18.10.2/32"), ip("fd00:10::2/128"));
    assertThat(a2.ipv4Gateway()).isEqualTo(ip("169.254.1.1"));
    assertThat(a2.ipv6Gateway()).isEqualTo(ip("fe80::ecee:eeff:feee:eeee"));
    assertThat(a1.hostMac().toColonDelimitedString()).isEqualTo("ee:ee:ee:ee:ee:ee");

    // The node reaches its pods too (its route to them is the /32 dev caliX).
    assertThat(node.exec("ping", "-c", "1", "-W", "2", "198.18.10.1").exitCode()).isZero();
  }

  @Test
  void setUpIsIdempotentAndCheckFindsWhatBroke() {
    PodNetworkSpec s = spec(pod1, "calic1b2c3d4e5f", "198.18.11.1", "fd00:11::1");
    PodAttachment first = plumber.setUp(s);
    assertThat(plumber.check(s).problems()).isEmpty();

    PodAttachment again = plumber.setUp(s);
    assertThat(again.hostIndex()).as("the pair was kept, not recreated").isEqualTo(first.hostIndex());
    assertThat(again.podMac().toColonDelimitedString()).isEqualTo(first.podMac().toColonDelimitedString());
    assertThat(plumber.check(s).ok()).isTrue();

    pod1.ip("route", "del", "default");
    node.ip("neigh", "del", "198.18.11.1", "dev", "calic1b2c3d4e5f");
    assertThat(plumber.check(s).problems()).containsExactlyInAnyOrder(
        "pod route 0.0.0.0/0 via 169.254.1.1 is missing",
        "host neighbour entry 198.18.11.1 lladdr " + first.podMac() + " is missing");

    plumber.setUp(s); // repairs in place
    assertThat(plumber.check(s).problems()).isEmpty();
  }

  @Test
  void aTakenPodInterfaceNameIsRefusedAndLeavesNothingBehind() {
    pod1.ip("link", "add", "eth0", "type", "veth", "peer", "name", "other");

    assertThatThrownBy(() -> plumber.setUp(spec(pod1, "cald1b2c3d4e5f", "198.18.12.1", "fd00:12::1")))
        .isInstanceOfSatisfying(PodNetworkException.class,
            e -> assertThat(e.reason()).isEqualTo(PodNetworkException.Reason.INTERFACE_NAME_TAKEN))
        .hasMessageContaining("eth0 already exists");
    assertThat(node.netlink().linkByName("cald1b2c3d4e5f")).isEmpty();
  }

  @Test
  void aFailureAfterTheVethExistsRollsItBack() {
    // Someone else's route for the pod's address through another interface.
    node.ip("link", "set", "lo", "up");
    node.ip("route", "add", "198.18.13.1/32", "dev", "lo", "proto", "static");

    assertThatThrownBy(() -> plumber.setUp(spec(pod1, "cale1b2c3d4e5f", "198.18.13.1", "fd00:13::1")))
        .isInstanceOfSatisfying(PodNetworkException.class,
            e -> assertThat(e.reason()).isEqualTo(PodNetworkException.Reason.ROUTE_CONFLICT));
    assertThat(node.netlink().linkByName("cale1b2c3d4e5f")).isEmpty();
    assertThat(pod1.netlink().linkByName("eth0")).isEmpty();
    assertThat(node.ip("route", "show", "198.18.13.1")).contains("dev lo", "proto static");
  }

  @Test
  void tearDownRemovesEverythingAndToleratesMissingPieces() {
    PodNetworkSpec s = spec(pod1, "calf1b2c3d4e5f", "198.18.14.1", "fd00:14::1");
    plumber.setUp(s);

    assertThat(plumber.tearDown("calf1b2c3d4e5f", pod1.path(), "eth0")).isTrue();

    assertThat(node.netlink().linkByName("calf1b2c3d4e5f")).isEmpty();
    assertThat(pod1.netlink().linkByName("eth0")).isEmpty();
    assertThat(node.ip("route", "show", "198.18.14.1")).isBlank();
    assertThat(node.ip("neigh", "show", "198.18.14.1")).isBlank();
    assertThat(plumber.tearDown("calf1b2c3d4e5f", pod1.path(), "eth0")).isFalse();
    assertThat(plumber.tearDown("calf1b2c3d4e5f", Path.of("/run/netns/jct-gone"), "eth0")).isFalse();
    assertThat(plumber.tearDown("calf1b2c3d4e5f", null, "eth0")).isFalse();
    assertThat(plumber.check(s).problems()).containsExactly("host interface calf1b2c3d4e5f is missing");
  }

  @Test
  void aPreparedPairIsUpWithItsGatewayRoutesBeforeItHasAddresses() {
    PodPairSpec pair = new PodPairSpec(pod1.path(), "cal11b2c3d4e5f", "eth0", 1440, null, true, true);
    try (PodNetworkPlumber.PreparedPair prepared = plumber.prepare(pair)) {
      assertThat(pod1.ip("-4", "route", "show")).contains("default via 169.254.1.1 dev eth0");
      assertThat(pod1.ip("-6", "route", "show")).contains("default via fe80::ecee:eeff:feee:eeee dev eth0");
      assertThat(pod1.ip("-4", "addr", "show", "dev", "eth0")).doesNotContain("inet ");
      assertThat(node.ip("link", "show", "cal11b2c3d4e5f")).contains("state UP");

      assertThatThrownBy(() -> plumber.attach(prepared, List.of(ip("198.18.16.1"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("families");
      PodAttachment a = plumber.attach(prepared, List.of(ip("198.18.16.1"), ip("fd00:16::1")));
      assertThat(a.hostIndex()).isEqualTo(prepared.hostIndex());
    }
    assertThat(plumber.check(spec(pod1, "cal11b2c3d4e5f", "198.18.16.1", "fd00:16::1")).problems()).isEmpty();
    ping(node, "198.18.16.1"); // the host route and neighbour entry work
  }

  @Test
  void aPreparedPairNeverAddressedIsRemovedByTearDown() {
    // what ADD does when IPAM fails after the pair was made
    PodPairSpec pair = new PodPairSpec(pod1.path(), "cal21b2c3d4e5f", "eth0", 0, null, true, false);
    plumber.prepare(pair).close();
    assertThat(plumber.tearDown("cal21b2c3d4e5f", pod1.path(), "eth0")).isTrue();
    assertThat(node.netlink().linkByName("cal21b2c3d4e5f")).isEmpty();
    assertThat(pod1.netlink().linkByName("eth0")).isEmpty();
  }

  @Test
  void aMissingNamespaceIsReportedAsSuch() {
    assertThatThrownBy(() -> plumber.setUp(new PodNetworkSpec(Path.of("/run/netns/jct-gone"),
        "cal01b2c3d4e5f", "eth0", List.of(ip("198.18.15.1")), 0)))
        .isInstanceOfSatisfying(PodNetworkException.class,
            e -> assertThat(e.reason()).isEqualTo(PodNetworkException.Reason.NAMESPACE_MISSING));
  }
}
