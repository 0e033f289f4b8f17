package io.jcalico.felix.driver.route;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import io.jcalico.felix.driver.ApplyReport;
import io.jcalico.felix.driver.KernelTableReconciler.Settings;
import io.jcalico.felix.netlink.InterfaceAddress;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.NetlinkConstants;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.VethSpec;
import io.jcalico.felix.shim.ManualScheduler;
import io.jcalico.felix.testing.NetnsExtension;
import io.jcalico.felix.testing.TestNetns;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The route and neighbour reconcilers against a real kernel in a namespace the test creates,
 * checked with {@code ip -j}: converging, healing a hand-made deletion at resync, adopting what a
 * previous run left, and leaving other protocols' routes alone.
 */
class RouteReconcilerKernelTest {
  @RegisterExtension final NetnsExtension namespaces = new NetnsExtension();

  private final ManualScheduler scheduler = new ManualScheduler();
  private TestNetns node;
  private Netlink nl;

  static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  @BeforeEach
  void setUp() {
    node = namespaces.create("rr");
    nl = node.netlink();
    // An "underlay" link with the next hops on it, and a pod-side interface.
    Link up = nl.createVeth(VethSpec.of("uplink", "uplink-peer"));
    nl.setLinkUp(up.index(), true);
    nl.setLinkUp(nl.linkByName("uplink-peer").orElseThrow().index(), true);
    nl.addAddress(InterfaceAddress.of(up.index(), ip("198.18.0.1/24")));
    nl.addAddress(InterfaceAddress.of(up.index(), ip("fd00:1::1/64")).withFlags(NetlinkConstants.IFA_F_NODAD));
    Link cali = nl.createVeth(VethSpec.of("cali0000000001", "pod0"));
    nl.setLinkUp(cali.index(), true);
  }

  private RouteReconciler reconciler() {
    return new RouteReconciler(nl, scheduler, RouteReconciler.Config.DEFAULT);
  }

  private List<String> routes(String... family) {
    List<String> args = new java.util.ArrayList<>(List.of(family));
    args.addAll(List.of("route", "show", "proto", "80"));
    JsonNode json = node.ipJson(args.toArray(String[]::new));
    return StreamSupport.stream(json.spliterator(), false)
        .map(r -> (r.has("type") ? r.get("type").asText() + " " : "") + r.get("dst").asText()
            + (r.has("gateway") ? " via " + r.get("gateway").asText() : "")
            + (r.has("dev") && !r.has("gateway") && !r.has("type") ? " dev " + r.get("dev").asText() : ""))
        .sorted().toList();
  }

  private void desireTheUsualSet(RouteReconciler r) {
    r.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));
    r.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));
    r.setRoute(RouteTarget.device(ip("198.18.128.5/32"), "cali0000000001"));
    r.setRoute(RouteTarget.via(ip("fd00:64::/122"), ip("fd00:1::2")));
    r.setRoute(RouteTarget.blackhole(ip("fd00:128::/122")));
    r.setRoute(RouteTarget.device(ip("fd00:128::5/128"), "cali0000000001"));
  }

  @Test
  void convergesAndStaysConverged() {
    RouteReconciler r = reconciler();
    desireTheUsualSet(r);

    assertThat(r.apply().added()).isEqualTo(6);

    assertThat(routes()).containsExactly(
        "198.18.128.5 dev cali0000000001", "198.18.64.0/26 via 198.18.0.2", "blackhole 198.18.128.0/26");
    assertThat(routes("-6")).containsExactly(
        "blackhole fd00:128::/122", "fd00:128::5 dev cali0000000001", "fd00:64::/122 via fd00:1::2");
    assertThat(node.ip("route", "show", "198.18.128.5")).contains("scope link");
    r.resyncNow();
    ApplyReport again = r.apply();
    assertThat(again.resynced()).isTrue();
    assertThat(again.changedAnything()).as("the kernel's own normalizations are not differences").isFalse();
  }

  @Test
  void aRouteDeletedByHandComesBackAtTheNextResync() {
    RouteReconciler r = reconciler();
    desireTheUsualSet(r);
    r.apply();
    r.start();

    node.ip("route", "del", "198.18.64.0/26");
    node.ip("-6", "route", "del", "blackhole", "fd00:128::/122");
    node.ip("route", "replace", "198.18.128.5/32", "dev", "uplink", "proto", "80"); // changed by hand
    assertThat(routes()).doesNotContain("198.18.64.0/26 via 198.18.0.2");

    scheduler.advance(Settings.DEFAULT.resyncInterval());

    assertThat(routes()).containsExactly(
        "198.18.128.5 dev cali0000000001", "198.18.64.0/26 via 198.18.0.2", "blackhole 198.18.128.0/26");
    assertThat(routes("-6")).contains("blackhole fd00:128::/122");
    r.close();
  }

  @Test
  void aRestartAdoptsTheKernelStateWithoutFlushing() {
    RouteReconciler before = reconciler();
    desireTheUsualSet(before);
    before.apply();
    before.close();
    List<String> v4 = routes();
    List<String> v6 = routes("-6");

    // The restarted daemon knows its own blocks and pods at once, BGP routes only later.
    RouteReconciler after = reconciler();
    after.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));
    after.setRoute(RouteTarget.device(ip("198.18.128.5/32"), "cali0000000001"));
    ApplyReport first = after.apply();

    assertThat(first.changedAnything()).isFalse();
    assertThat(first.deferredDeletions()).isEqualTo(4);
    assertThat(routes()).isEqualTo(v4);
    assertThat(routes("-6")).isEqualTo(v6);

    after.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));
    after.markInSync(); // the IPv6 routes were withdrawn while we were down
    ApplyReport settled = after.apply();
    assertThat(settled.deleted()).isEqualTo(3);
    assertThat(routes()).isEqualTo(v4);
    assertThat(routes("-6")).isEmpty();
  }

  @Test
  void routesOfOtherProtocolsAreNeverTouched() {
    node.ip("route", "add", "198.18.64.0/26", "via", "198.18.0.3", "proto", "static");
    node.ip("route", "add", "198.18.99.0/24", "via", "198.18.0.3", "proto", "bird");
    node.ip("-6", "route", "add", "blackhole", "fd00:99::/64", "proto", "static");
    RouteReconciler r = reconciler();
    r.markInSync();
    r.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));
    r.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));

    ApplyReport report = r.apply();

    assertThat(report.conflicts()).singleElement().asString().contains("198.18.64.0/26");
    assertThat(node.ip("route", "show", "198.18.64.0/26")).contains("via 198.18.0.3", "proto static");
    assertThat(node.ip("route", "show", "198.18.99.0/24")).contains("proto bird");
    assertThat(node.ip("-6", "route", "show", "fd00:99::/64")).contains("blackhole");
    assertThat(routes()).containsExactly("blackhole 198.18.128.0/26");

    RouteReconciler takeOver = new RouteReconciler(nl, scheduler,
        RouteReconciler.Config.DEFAULT.withReplaceForeignRoutes(true));
    takeOver.markInSync();
    takeOver.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));
    takeOver.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));
    takeOver.apply();
    assertThat(node.ip("route", "show", "198.18.64.0/26")).contains("via 198.18.0.2", "proto 80")
        .doesNotContain("198.18.0.3");
    assertThat(node.ip("route", "show", "198.18.99.0/24")).contains("proto bird");
  }

  @Test
  void permanentNeighbourEntriesConvergeAndHeal() {
    NeighbourReconciler n = new NeighbourReconciler(nl, scheduler, RouteReconciler.JCALICO_ROUTE_PROTOCOL, Settings.DEFAULT);
    n.markInSync();
    n.setEntry("cali0000000001", ip("198.18.128.5"), new MACAddressString("0a:58:c6:12:80:05").getAddress());
    n.setEntry("cali0000000001", ip("fd00:128::5"), new MACAddressString("0a:58:c6:12:80:05").getAddress());
    n.setEntry("cali0000000009", ip("198.18.128.9"), new MACAddressString("0a:58:c6:12:80:09").getAddress());

    ApplyReport report = n.apply();

    assertThat(report.added()).isEqualTo(2);
    assertThat(report.waiting()).singleElement().asString().contains("cali0000000009");
    assertThat(node.ip("neigh", "show", "dev", "cali0000000001")).contains("198.18.128.5 lladdr 0a:58:c6:12:80:05", "PERMANENT");
    assertThat(node.ip("-6", "neigh", "show", "dev", "cali0000000001")).contains("fd00:128::5 lladdr 0a:58:c6:12:80:05", "PERMANENT");

    n.start();
    node.ip("neigh", "del", "198.18.128.5", "dev", "cali0000000001");
    scheduler.advance(Settings.DEFAULT.resyncInterval());
    assertThat(node.ip("neigh", "show", "dev", "cali0000000001")).contains("198.18.128.5 lladdr 0a:58:c6:12:80:05");

    n.removeEntry("cali0000000001", ip("fd00:128::5"));
    n.apply();
    assertThat(node.ip("-6", "neigh", "show", "dev", "cali0000000001")).doesNotContain("fd00:128::5");
    n.close();
  }
}
