package io.jcalico.bgp.routers;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.ipv4.IPv4Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every option of {@link RouterConfig} rendered for each daemon and checked by the daemon's own
 * parser (BIRD {@code -p}, bgpd {@code -C}, gobgpd {@code -d}), so a typo in a renderer fails here
 * rather than as a silent default in an interop test.
 */
class RenderedConfigAcceptedByDaemonsTest {
  @TempDir Path dir;

  static IPAddress ip(String text) {
    return new IPAddressString(text).getAddress();
  }

  /** iBGP RR client, eBGP multihop passive, IPv6 session, next-hop self and override, deny policies. */
  static RouterConfig everything(boolean allowAll) {
    return RouterConfig.of((IPv4Address) ip("198.18.0.1"), 65001, ip("127.0.0.1"), 10179)
        .withNeighbor(Neighbor.of(ip("127.0.0.2"), 10180, 65001).withRouteReflectorClient(true)
            .withNextHopSelf(true).withHoldTime(3).withConnectRetry(1))
        .withNeighbor(Neighbor.of(ip("127.0.0.3"), 10181, 65003).withMultihop(true).withPassive(true)
            .withFamilies(Set.of(Family.IPV4)).withPolicy(allowAll, allowAll))
        .withNeighbor(Neighbor.of(ip("fd00::4"), 10182, 65004).withLocalAddress(ip("fd00::1"))
            .withFamilies(Set.of(Family.IPV6)).withHoldTime(0))
        .withOriginated(ip("198.18.10.0/24"))
        .withOriginated(ip("fd00:10::/64"))
        .withNextHops(ip("198.18.0.1"), ip("fd00::1"))
        .withClusterId((IPv4Address) ip("198.18.255.1"));
  }

  @Test
  void birdParsesIt() throws Exception {
    for (boolean allow : List.of(true, false)) {
      String text = BirdConfig.render(everything(allow), dir.resolve("bird.log"));
      assertThat(text).contains("multihop;", "rr client;", "next hop self;",
          "next hop address fd00::1;", "route fd00:10::/64 blackhole;", "passive on;",
          "import all;", allow ? "export all;" : "export none;");
      assertAccepted(text, "bird.conf", path -> List.of("bird", "-p", "-c", path.toString()));
    }
  }

  @Test
  void frrBgpdParsesIt() throws Exception {
    for (boolean allow : List.of(true, false)) {
      String text = FrrConfig.render(everything(allow), dir.resolve("bgpd.log"));
      assertThat(text).contains("no bgp ebgp-requires-policy", "neighbor 127.0.0.3 ebgp-multihop 255",
          "neighbor 127.0.0.2 route-reflector-client", "network fd00:10::/64",
          "set ipv6 next-hop global fd00::1",
          allow ? "neighbor 127.0.0.3 route-map EXPORT out" : "neighbor 127.0.0.3 route-map DENY in");
      assertAccepted(text, "bgpd.conf", path -> List.of(FrrBgpd.BGPD, "-C", "-f", path.toString(), "-Z", "-S",
          "--vty_socket", dir.toString(), "-P", "0", "-i", dir.resolve("pid").toString()));
    }
  }

  @Test
  void gobgpdParsesIt() throws Exception {
    for (boolean allow : List.of(true, false)) {
      String text = GoBgpConfig.render(everything(allow));
      assertThat(text).contains("route-reflector-client = true", "passive-mode = true",
          "set-next-hop = \"fd00::1\"");
      if (!allow) {
        assertThat(text).contains("import-policy-list = [\"import\"]", "neighbor-set = \"no-export\"",
            "neighbor-info-list = [\"127.0.0.3\"]", "route-disposition = \"reject-route\"");
      }
      assertAccepted(text, "gobgpd.toml", path -> List.of("gobgpd", "-d", "-f", path.toString()));
    }
  }

  @Test
  void gobgpNextHopSelfWithoutOverrideMatchesTheNeighbourSet() {
    RouterConfig config = RouterConfig.of((IPv4Address) ip("198.18.0.1"), 65001, ip("127.0.0.1"), 10179)
        .withNeighbor(Neighbor.of(ip("127.0.0.2"), 10180, 65001).withNextHopSelf(true));
    String text = GoBgpConfig.render(config);
    assertThat(text).contains("neighbor-info-list = [\"127.0.0.2\"]", "neighbor-set = \"next-hop-self\"",
        "set-next-hop = \"self\"");
  }

  private void assertAccepted(String text, String name, java.util.function.Function<Path, List<String>> check)
      throws Exception {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    Exec.Result result = Exec.run(Duration.ofSeconds(20), check.apply(file));
    assertThat(result.exitCode())
        .as("%s rejected:%n%s%n%s%s", check.apply(file).get(0), text, result.stdout(), result.stderr())
        .isZero();
    // bgpd -C exits 0 even for unknown commands; its complaints carry an "[EC n]" error code.
    assertThat(result.stdout() + result.stderr()).doesNotContain("[EC ");
  }
}
