package io.jcalico.felix.driver.route;

import static io.jcalico.felix.driver.route.RouteReconciler.JCALICO_ROUTE_PROTOCOL;
import static io.jcalico.felix.netlink.NetlinkConstants.RTPROT_STATIC;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.driver.ApplyReport;
import io.jcalico.felix.driver.KernelTableReconciler.Settings;
import io.jcalico.felix.netlink.Route;
import io.jcalico.felix.shim.ManualScheduler;
import io.jcalico.felix.testing.FakeNetlink;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The route reconciler's rules against an in-memory kernel and a clock moved by hand. */
class RouteReconcilerConvergenceTest {
  private static final int P = JCALICO_ROUTE_PROTOCOL;

  private final FakeNetlink kernel = new FakeNetlink();
  private final ManualScheduler scheduler = new ManualScheduler();
  private RouteReconciler routes;

  static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  @BeforeEach
  void setUp() {
    routes = new RouteReconciler(kernel, scheduler, RouteReconciler.Config.DEFAULT);
  }

  private List<String> ours() {
    return kernel.routes().stream().filter(r -> r.protocol() == P).map(Route::toString).sorted().toList();
  }

  @Test
  void convergesFromEmptyAndASecondPassWritesNothing() {
    int cali = kernel.addLink("cali12345678901");
    routes.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));
    routes.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));
    routes.setRoute(RouteTarget.device(ip("198.18.128.5/32"), "cali12345678901"));
    routes.setRoute(RouteTarget.via(ip("fd00:64::/122"), ip("fd00:1::2")));
    routes.setRoute(RouteTarget.blackhole(ip("fd00:128::/122")));
    routes.setRoute(RouteTarget.device(ip("fd00:128::5/128"), "cali12345678901"));

    ApplyReport first = routes.apply();

    assertThat(first.added()).isEqualTo(6);
    assertThat(ours()).containsExactlyInAnyOrder(
        "198.18.64.0/26 via 198.18.0.2 proto 80",
        "blackhole 198.18.128.0/26 proto 80",
        "198.18.128.5/32 dev #" + cali + " proto 80 scope link",
        "fd00:64::/122 via fd00:1::2 proto 80 metric 1024",
        "blackhole fd00:128::/122 proto 80 metric 1024",
        "fd00:128::5/128 dev #" + cali + " proto 80 metric 1024");
    kernel.clearWrites();
    routes.resyncNow();
    ApplyReport second = routes.apply();
    assertThat(second.resynced()).isTrue();
    assertThat(second.changedAnything()).isFalse();
    assertThat(kernel.writes()).as("what the kernel filled in (metric 1024, scope) is not a difference").isEmpty();
    assertThat(routes.programmed()).isEqualTo(6);
  }

  @Test
  void aWrongRouteOfOursIsReplacedAndAnUndesiredOneDeleted() {
    kernel.inject(Route.via(ip("198.18.64.0/26"), ip("198.18.0.9")).withProtocol(P));
    kernel.inject(Route.blackhole(ip("198.18.192.0/26")).withProtocol(P));
    routes.markInSync();
    routes.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));

    ApplyReport r = routes.apply();

    assertThat(r.replaced()).isEqualTo(1);
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(ours()).containsExactly("198.18.64.0/26 via 198.18.0.2 proto 80");
  }

  @Test
  void aRestartAdoptsExistingRoutesAndDeletesLeftoversOnlyOnceInSync() {
    kernel.inject(Route.blackhole(ip("198.18.128.0/26")).withProtocol(P));
    kernel.inject(Route.via(ip("198.18.64.0/26"), ip("198.18.0.2")).withProtocol(P));
    kernel.inject(Route.via(ip("198.18.65.0/26"), ip("198.18.0.3")).withProtocol(P)); // withdrawn while we were down
    // Right after restart only our own block is known; BGP has not relearned anything yet.
    routes.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));

    ApplyReport early = routes.apply();

    assertThat(kernel.writes()).as("nothing flushed, nothing rewritten").isEmpty();
    assertThat(early.deferredDeletions()).isEqualTo(2);
    assertThat(ours()).hasSize(3);

    routes.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2"))); // relearned, unchanged
    routes.markInSync();
    ApplyReport settled = routes.apply();

    assertThat(settled.deleted()).isEqualTo(1);
    assertThat(kernel.writes()).containsExactly("delete 198.18.65.0/26 via 198.18.0.3 proto 80 scope 255");
    assertThat(ours()).containsExactlyInAnyOrder(
        "blackhole 198.18.128.0/26 proto 80", "198.18.64.0/26 via 198.18.0.2 proto 80");
  }

  @Test
  void foreignRoutesAreLeftAloneUnlessTakingOverIsAllowed() {
    kernel.inject(Route.via(ip("198.18.64.0/26"), ip("198.18.0.7")).withProtocol(RTPROT_STATIC));
    kernel.inject(Route.via(ip("198.18.99.0/24"), ip("198.18.0.7")).withProtocol(RTPROT_STATIC));
    routes.markInSync();
    routes.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));

    ApplyReport r = routes.apply();

    assertThat(r.conflicts()).singleElement().asString().contains("198.18.64.0/26", "held by", "proto 4");
    assertThat(kernel.writes()).isEmpty();
    assertThat(kernel.routes()).hasSize(2);

    RouteReconciler takeOver = new RouteReconciler(kernel, scheduler,
        RouteReconciler.Config.DEFAULT.withReplaceForeignRoutes(true));
    takeOver.markInSync();
    takeOver.setRoute(RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2")));
    ApplyReport r2 = takeOver.apply();

    assertThat(r2.conflicts()).isEmpty();
    assertThat(kernel.routes()).extracting(Route::toString).containsExactlyInAnyOrder(
        "198.18.64.0/26 via 198.18.0.2 proto 80", "198.18.99.0/24 via 198.18.0.7 proto 4");
  }

  @Test
  void periodicResyncRestoresARouteDeletedByHandWithoutSleeping() {
    routes.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));
    routes.apply();
    routes.start();
    kernel.deleteRoute(Route.blackhole(ip("198.18.128.0/26")).withProtocol(P)); // "ip route del"

    scheduler.advance(Duration.ofSeconds(89));
    assertThat(ours()).as("not before the resync interval").isEmpty();
    scheduler.advance(Duration.ofSeconds(1));
    assertThat(ours()).containsExactly("blackhole 198.18.128.0/26 proto 80");
    scheduler.advance(Duration.ofSeconds(90));
    assertThat(scheduler.pending()).as("the resync keeps rescheduling itself").isEqualTo(1);
    routes.close();
    assertThat(scheduler.pending()).isZero();
  }

  @Test
  void aPodRouteWaitsForItsInterfaceAndFollowsItsRecreation() {
    routes.setRoute(RouteTarget.device(ip("198.18.128.5/32"), "calia"));
    ApplyReport r = routes.apply();
    assertThat(r.waiting()).singleElement().asString().contains("calia missing");
    assertThat(r.failures()).isEmpty();

    int first = kernel.addLink("calia");
    routes.interfaceChanged("calia");
    routes.apply();
    assertThat(ours()).containsExactly("198.18.128.5/32 dev #" + first + " proto 80 scope link");

    kernel.removeLink("calia"); // the kernel drops its routes with it
    int second = kernel.addLink("calia");
    routes.interfaceChanged("calia");
    routes.resyncNow();
    routes.apply();
    assertThat(ours()).containsExactly("198.18.128.5/32 dev #" + second + " proto 80 scope link");
  }

  @Test
  void aRecreatedInterfaceIsFollowedWhenAnnounced() {
    kernel.addLink("calib");
    routes.setRoute(RouteTarget.device(ip("198.18.128.6/32"), "calib"));
    routes.apply();
    kernel.removeLink("calib"); // the kernel drops the route with the interface
    int again = kernel.addLink("calib");

    routes.interfaceChanged("calib");
    routes.apply();

    assertThat(ours()).containsExactly("198.18.128.6/32 dev #" + again + " proto 80 scope link");
  }

  @Test
  void enodevOnWriteDropsTheStaleIndexAndRetries() {
    kernel.addLink("calib");
    routes.setRoute(RouteTarget.device(ip("198.18.128.6/32"), "calib"));
    routes.apply();
    kernel.removeLink("calib"); // unannounced: our cached index is now stale
    routes.setRoute(RouteTarget.device(ip("198.18.128.7/32"), "calib"));

    ApplyReport r = routes.apply();
    assertThat(r.waiting()).singleElement().asString().contains("ENODEV");
    assertThat(r.failures()).isEmpty();

    int again = kernel.addLink("calib");
    scheduler.advance(Settings.DEFAULT.retryDelay());
    assertThat(ours()).containsExactlyInAnyOrder(
        "198.18.128.6/32 dev #" + again + " proto 80 scope link",
        "198.18.128.7/32 dev #" + again + " proto 80 scope link");
  }

  @Test
  void aFailedWriteIsRetriedOnTheScheduler() {
    kernel.failNext("addRoute", 5); // EIO
    routes.setRoute(RouteTarget.blackhole(ip("198.18.128.0/26")));

    ApplyReport r = routes.apply();

    assertThat(r.failures()).singleElement().asString().contains("EIO");
    assertThat(ours()).isEmpty();
    scheduler.advance(Settings.DEFAULT.retryDelay());
    assertThat(ours()).containsExactly("blackhole 198.18.128.0/26 proto 80");
  }

  @Test
  void eexistOnAddForcesAResyncAndThenAgrees() {
    routes.apply(); // initial read: empty
    // Someone (the pod plumber) puts exactly our route in after our read.
    kernel.addLink("calic");
    routes.setRoute(RouteTarget.device(ip("198.18.128.7/32"), "calic"));
    kernel.inject(Route.device(ip("198.18.128.7/32"), kernel.linkByName("calic").orElseThrow().index())
        .withProtocol(P).withScope(253));

    ApplyReport r = routes.apply();
    assertThat(r.failures()).singleElement().asString().contains("EEXIST");
    kernel.clearWrites();
    scheduler.advance(Settings.DEFAULT.retryDelay());
    assertThat(kernel.writes()).as("after re-reading, the route is already right").isEmpty();
    assertThat(routes.programmed()).isEqualTo(1);
  }

  @Test
  void removingATargetDeletesItsRoute() {
    routes.markInSync();
    routes.setRoute(RouteTarget.via(ip("fd00:64::/122"), ip("fd00:1::2")));
    routes.apply();
    routes.removeRoute(ip("fd00:64::/122"));
    ApplyReport r = routes.apply();
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(ours()).isEmpty();
  }

  @Test
  void replaceAllSwapsTheWholeDesiredSet() {
    routes.markInSync();
    routes.replaceAllRoutes(List.of(RouteTarget.blackhole(ip("198.18.128.0/26")), RouteTarget.blackhole(ip("198.18.128.64/26"))));
    routes.apply();
    kernel.clearWrites();
    routes.replaceAllRoutes(List.of(RouteTarget.blackhole(ip("198.18.128.64/26")), RouteTarget.via(ip("198.18.64.0/26"), ip("198.18.0.2"))));
    ApplyReport r = routes.apply();
    assertThat(r.added()).isEqualTo(1);
    assertThat(r.deleted()).isEqualTo(1);
    assertThat(ours()).containsExactlyInAnyOrder("blackhole 198.18.128.64/26 proto 80", "198.18.64.0/26 via 198.18.0.2 proto 80");
    assertThat(kernel.writes()).as("the kept route is not rewritten").noneMatch(w -> w.contains("198.18.128.64/26"));
  }
}
