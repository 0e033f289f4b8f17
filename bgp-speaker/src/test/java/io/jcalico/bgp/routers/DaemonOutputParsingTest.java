package io.jcalico.bgp.routers;

import static io.jcalico.bgp.routers.ReferenceDaemonsPeeringTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The CLI parsers on output captured from BIRD 2.0.12, FRR 8.4 and GoBGP 3.10 peering on loopback. */
class DaemonOutputParsingTest {

  @Test
  void birdShowRouteAllWithTwoPathsToOnePrefix() {
    String out = """
        BIRD 2.0.12 ready.
        Table master4:
        198.18.20.0/24       unreachable [frr 11:12:08.880 from 127.0.0.2] * (100) [AS65002i]
        \tType: BGP univ
        \tBGP.origin: IGP
        \tBGP.as_path: 65002
        \tBGP.next_hop: 198.18.0.2
        198.18.10.0/24       blackhole [s4 11:12:03.815] * (200)
        \tType: static univ
        198.18.30.0/24       unreachable [gobgp 11:12:30.130 from 127.0.0.3] * (100) [AS65003?]
        \tBGP.as_path: 65003
        \tBGP.next_hop: 198.18.0.3
                             unreachable [frr 11:12:35.723 from 127.0.0.2] (100) [AS65003?]
        \tBGP.as_path: 65002 {65003 65004}
        \tBGP.next_hop: fd00::2 fe80::1
        """;
    assertThat(BirdDaemon.parseRoutes(out)).containsExactly(
        new Route(ip("198.18.20.0/24"), Optional.of(ip("198.18.0.2")), List.of(65002L)),
        new Route(ip("198.18.10.0/24"), Optional.empty(), List.of()),
        new Route(ip("198.18.30.0/24"), Optional.of(ip("198.18.0.3")), List.of(65003L)),
        new Route(ip("198.18.30.0/24"), Optional.of(ip("fd00::2")), List.of(65002L, 65003L, 65004L)));
  }

  @Test
  void frrRoutesJsonOwnRouteHasNoNextHop() {
    String json = """
        {"routerId": "198.18.0.2", "routes": { "198.18.10.0/24": [{"valid":true,"peerId":"127.0.0.1",
          "path":"65001","nexthops":[{"ip":"198.18.0.1","afi":"ipv4","used":true}]}],
         "198.18.21.0/24": [{"valid":true,"peerId":"(unspec)","path":"",
          "nexthops":[{"ip":"0.0.0.0","afi":"ipv4","used":true}]}] } }
        """;
    assertThat(FrrBgpd.parseRoutes(json, path -> true)).containsExactly(
        new Route(ip("198.18.10.0/24"), Optional.of(ip("198.18.0.1")), List.of(65001L)),
        new Route(ip("198.18.21.0/24"), Optional.empty(), List.of()));
    assertThat(FrrBgpd.parseRoutes(json, path -> path.path("peerId").asText().equals("127.0.0.1")))
        .extracting(Route::prefix).containsExactly(ip("198.18.10.0/24"));
  }

  @Test
  void gobgpGlobalRibFilteredByNeighbour() {
    String json = """
        {"fd00:10::/64":[{"nlri":{"prefix":"fd00:10::/64"},"best":true,"attrs":[{"type":1,"value":0},
          {"type":2,"as_paths":[{"segment_type":2,"num":1,"asns":[65001]}]},
          {"type":14,"nexthop":"fd00::1","afi":2,"safi":1,"value":[{"prefix":"fd00:10::/64"}]}],
          "source-id":"198.18.0.1","neighbor-ip":"127.0.0.1"},
         {"nlri":{"prefix":"fd00:10::/64"},"best":false,"attrs":[
          {"type":2,"as_paths":[{"segment_type":2,"num":2,"asns":[65002,65001]}]},
          {"type":14,"nexthop":"fd00::2","afi":2,"safi":1}],"neighbor-ip":"127.0.0.2"}],
         "fd00:30::/64":[{"nlri":{"prefix":"fd00:30::/64"},"best":true,
          "attrs":[{"type":1,"value":2},{"type":14,"nexthop":"::"}]}]}
        """;
    assertThat(GoBgpDaemon.parseRoutes(json, Optional.of(ip("127.0.0.2")))).containsExactly(
        new Route(ip("fd00:10::/64"), Optional.of(ip("fd00::2")), List.of(65002L, 65001L)));
    assertThat(GoBgpDaemon.parseRoutes(json, Optional.empty())).hasSize(3)
        .contains(new Route(ip("fd00:30::/64"), Optional.empty(), List.of()));
  }

  @Test
  void sessionStateNames() {
    assertThat(SessionState.parse("Established")).isEqualTo(SessionState.ESTABLISHED);
    assertThat(SessionState.parse("OpenSent")).isEqualTo(SessionState.OPEN_SENT);
    assertThat(SessionState.parse("Clearing")).isEqualTo(SessionState.IDLE);
  }
}
