package io.jcalico.felix.cni;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Results byte for byte in each layout the spec has had. */
class CniResultGoldenTest {

  private static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  /** What ADD gives a dual-stack pod: host end, pod end, one address each family, defaults. */
  static final CniResult DUAL_STACK = new CniResult(
      List.of(new CniResult.Interface("calic440f455693", FakePodPlumber.HOST_MAC, ""),
          new CniResult.Interface("eth0", FakePodPlumber.POD_MAC, "/var/run/netns/cni-test-1")),
      List.of(new CniResult.IpConfig(ip("198.18.10.2/32"), null, 1),
          new CniResult.IpConfig(ip("fd00:10::2/128"), null, 1)),
      List.of(new Route(ip("0.0.0.0/0"), ip("169.254.1.1")),
          new Route(ip("::/0"), ip("fe80::ecee:eeff:feee:eeee"))),
      new CniResult.Dns(List.of(ip("198.18.0.53")), "cluster.local", List.of("svc.cluster.local"), List.of("ndots:5")));

  @Test
  void spec100() {
    assertThat(DUAL_STACK.toJson(CniVersion.V1_0_0)).isEqualTo("{\"cniVersion\":\"1.0.0\","
        + "\"interfaces\":[{\"name\":\"calic440f455693\",\"mac\":\"ee:ee:ee:ee:ee:ee\"},"
        + "{\"name\":\"eth0\",\"mac\":\"0a:58:c6:12:0a:02\",\"sandbox\":\"/var/run/netns/cni-test-1\"}],"
        + "\"ips\":[{\"interface\":1,\"address\":\"198.18.10.2/32\"},{\"interface\":1,\"address\":\"fd00:10::2/128\"}],"
        + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"169.254.1.1\"},{\"dst\":\"::/0\",\"gw\":\"fe80::ecee:eeff:feee:eeee\"}],"
        + "\"dns\":{\"nameservers\":[\"198.18.0.53\"],\"domain\":\"cluster.local\",\"search\":[\"svc.cluster.local\"],"
        + "\"options\":[\"ndots:5\"]}}");
  }

  @Test
  void spec040AddsIpVersion() {
    assertThat(DUAL_STACK.toJson(CniVersion.V0_4_0)).contains(
        "\"ips\":[{\"version\":\"4\",\"interface\":1,\"address\":\"198.18.10.2/32\"},"
            + "{\"version\":\"6\",\"interface\":1,\"address\":\"fd00:10::2/128\"}]")
        .startsWith("{\"cniVersion\":\"0.4.0\",\"interfaces\":");
  }

  @Test
  void spec020IsOneObjectPerFamily() {
    assertThat(DUAL_STACK.toJson(CniVersion.parse("0.2.0").orElseThrow())).isEqualTo("{\"cniVersion\":\"0.2.0\","
        + "\"ip4\":{\"ip\":\"198.18.10.2/32\",\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"169.254.1.1\"}]},"
        + "\"ip6\":{\"ip\":\"fd00:10::2/128\",\"routes\":[{\"dst\":\"::/0\",\"gw\":\"fe80::ecee:eeff:feee:eeee\"}]},"
        + "\"dns\":{\"nameservers\":[\"198.18.0.53\"],\"domain\":\"cluster.local\",\"search\":[\"svc.cluster.local\"],"
        + "\"options\":[\"ndots:5\"]}}");
  }

  @Test
  void ipamResultHasAddressesOnlyAndAlwaysDns() {
    CniResult r = CniResult.ipsOnly(List.of(new CniResult.IpConfig(ip("198.18.10.2/26"), null, null)));
    assertThat(r.toJson(CniVersion.V1_0_0))
        .isEqualTo("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.18.10.2/26\"}],\"dns\":{}}");
    assertThat(r.toJson(CniVersion.V0_3_0))
        .isEqualTo("{\"cniVersion\":\"0.3.0\",\"ips\":[{\"version\":\"4\",\"address\":\"198.18.10.2/26\"}],\"dns\":{}}");
    assertThat(r.toJson(CniVersion.V0_1_0))
        .isEqualTo("{\"cniVersion\":\"0.1.0\",\"ip4\":{\"ip\":\"198.18.10.2/26\"},\"dns\":{}}");
  }

  @Test
  void gatewayIsWrittenWhenKnown() {
    CniResult r = CniResult.ipsOnly(List.of(new CniResult.IpConfig(ip("198.18.10.2/26"), ip("198.18.10.1"), null)));
    assertThat(r.toJson(CniVersion.V1_0_0)).contains("{\"address\":\"198.18.10.2/26\",\"gateway\":\"198.18.10.1\"}");
  }

  @Test
  void errorJson() {
    assertThat(CalicoCniHandler.errorJson(CniVersion.V1_0_0,
        new CniException(CniErrorCode.INVALID_ENVIRONMENT, "required env variables [CNI_NETNS] missing", "")))
        .isEqualTo("{\"cniVersion\":\"1.0.0\",\"code\":4,\"msg\":\"required env variables [CNI_NETNS] missing\"}\n");
    assertThat(CalicoCniHandler.errorJson(CniVersion.V0_4_0,
        new CniException(CniErrorCode.INTERFACE_IN_USE, "interface cali1 already exists", "link \"cali1\" exists")))
        .isEqualTo("{\"cniVersion\":\"0.4.0\",\"code\":102,\"msg\":\"interface cali1 already exists\","
            + "\"details\":\"link \\\"cali1\\\" exists\"}\n");
  }

  @Test
  void parsesWhatItWrites() throws CniException {
    for (CniVersion v : List.of(CniVersion.V0_3_0, CniVersion.V0_4_0, CniVersion.V1_0_0)) {
      CniResult back = CniResult.parse(CniJson.parseObject(
          DUAL_STACK.toJson(v).getBytes(java.nio.charset.StandardCharsets.UTF_8), "result"), "");
      assertThat(back).isEqualTo(DUAL_STACK);
      assertThat(back.ips().get(0).address().getNetworkPrefixLength()).isEqualTo(32);
    }
  }

  @Test
  void prevResultWithABadInterfaceIndexIsCode6() {
    String bad = "{\"interfaces\":[{\"name\":\"eth0\"}],\"ips\":[{\"address\":\"198.18.10.2/32\",\"interface\":3}]}";
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> CniResult.parse(
            CniJson.parseObject(bad.getBytes(java.nio.charset.StandardCharsets.UTF_8), "r"), "prevResult."))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code().code()).isEqualTo(6);
          assertThat(e.msg()).isEqualTo("prevResult.ips[].interface must index interfaces");
        });
  }
}
