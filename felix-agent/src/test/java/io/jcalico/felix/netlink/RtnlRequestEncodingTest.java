package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.IFA_F_NODAD;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_DELROUTE;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWADDR;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWNEIGH;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWROUTE;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import inet.ipaddr.mac.MACAddress;
import org.junit.jupiter.api.Test;

/** Requests byte for byte, as the kernel must see them (no root needed). */
class RtnlRequestEncodingTest {
  static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  static MACAddress mac(String s) {
    return new MACAddressString(s).getAddress();
  }

  @Test
  void blackholeIpv4Route() {
    var msg = RtnlCodec.route(RTM_NEWROUTE, RtnlCodec.CREATE_EXCL,
        Route.blackhole(ip("198.18.128.0/26")).withProtocol(80));
    assertThat(Hex.of(msg)).isEqualTo(Hex.of(Hex.bytes(
        "2c000000", // nlmsg_len 44
        "1800",     // nlmsg_type RTM_NEWROUTE (24)
        "0506",     // nlmsg_flags REQUEST|ACK|EXCL|CREATE (0x0605)
        "00000000", // nlmsg_seq: stamped by the socket
        "00000000", // nlmsg_pid
        "02",       // rtm_family AF_INET
        "1a",       // rtm_dst_len 26
        "00",       // rtm_src_len
        "00",       // rtm_tos
        "fe",       // rtm_table main (254)
        "50",       // rtm_protocol 80
        "00",       // rtm_scope universe
        "06",       // rtm_type RTN_BLACKHOLE
        "00000000", // rtm_flags
        "0800 0f00 fe000000", // RTA_TABLE (15) = 254
        "0800 0100 c6128000"  // RTA_DST (1) = 198.18.128.0
    )));
  }

  @Test
  void unicastRouteViaGatewayAndDeviceRouteWithScopeLink() {
    var via = RtnlCodec.route(RTM_NEWROUTE, RtnlCodec.CREATE_REPLACE,
        Route.via(ip("198.18.64.0/26"), ip("198.18.0.2")).withProtocol(80));
    assertThat(Hex.of(via)).isEqualTo(Hex.of(Hex.bytes(
        "34000000", // nlmsg_len 52
        "1800",     // RTM_NEWROUTE
        "0505",     // REQUEST|ACK|REPLACE|CREATE (0x0505)
        "00000000 00000000", // seq, pid
        "02 1a 00 00 fe 50 00 01", // AF_INET, /26, src 0, tos 0, main, proto 80, universe, unicast
        "00000000", // rtm_flags
        "0800 0f00 fe000000", // RTA_TABLE 254
        "0800 0100 c6124000", // RTA_DST 198.18.64.0
        "0800 0500 c6120002"  // RTA_GATEWAY (5) 198.18.0.2
    )));

    var dev = RtnlCodec.route(RTM_DELROUTE, 0, Route.device(ip("198.18.5.9/32"), 7).withProtocol(80));
    assertThat(Hex.of(dev)).isEqualTo(Hex.of(Hex.bytes(
        "34000000", // nlmsg_len 52
        "1900",     // RTM_DELROUTE (25)
        "0500",     // REQUEST|ACK
        "00000000 00000000",
        "02 20 00 00 fe 50 fd 01", // AF_INET, /32, main, proto 80, scope link (253), unicast
        "00000000",
        "0800 0f00 fe000000", // RTA_TABLE 254
        "0800 0100 c6120509", // RTA_DST 198.18.5.9
        "0800 0400 07000000"  // RTA_OIF (4) = ifindex 7
    )));
  }

  @Test
  void ipv6RouteCarries16ByteAddressesAndMetric() {
    var msg = RtnlCodec.route(RTM_NEWROUTE, RtnlCodec.CREATE_EXCL,
        Route.via(ip("fd00:64::/122"), ip("fd00:1::2")).withProtocol(80).withPriority(1024));
    assertThat(Hex.of(msg)).isEqualTo(Hex.of(Hex.bytes(
        "54000000", // nlmsg_len 84
        "1800 0506 00000000 00000000",
        "0a 7a 00 00 fe 50 00 01", // AF_INET6 (10), /122, main, proto 80, universe, unicast
        "00000000",
        "0800 0f00 fe000000", // RTA_TABLE
        "1400 0100 fd000064000000000000000000000000", // RTA_DST fd00:64:: (4 + 16 bytes)
        "1400 0500 fd000001000000000000000000000002", // RTA_GATEWAY fd00:1::2
        "0800 0600 00040000"  // RTA_PRIORITY (6) = 1024
    )));
  }

  @Test
  void defaultRouteHasNoDestinationAttribute() {
    var msg = RtnlCodec.route(RTM_NEWROUTE, RtnlCodec.CREATE_EXCL, Route.via(ip("0.0.0.0/0"), ip("169.254.1.1")));
    assertThat(Hex.of(msg)).isEqualTo(Hex.of(Hex.bytes(
        "2c000000 1800 0506 00000000 00000000",
        "02 00 00 00 fe 03 00 01", // AF_INET, dst_len 0, main, proto boot (3), universe, unicast
        "00000000",
        "0800 0f00 fe000000", // RTA_TABLE
        "0800 0500 a9fe0101"  // RTA_GATEWAY 169.254.1.1
    )));
  }

  @Test
  void vethWithPeerCreatedInAnotherNamespace() {
    var msg = RtnlCodec.newVeth(VethSpec.of("cali1", "eth0").withMac(mac("ee:ee:ee:ee:ee:ee")).withMtu(1440), 7);
    assertThat(Hex.of(msg)).isEqualTo(Hex.of(Hex.bytes(
        "84000000", // nlmsg_len 132
        "1000",     // RTM_NEWLINK (16)
        "0506",     // REQUEST|ACK|EXCL|CREATE
        "00000000 00000000",
        "00 00 0000", // ifi_family AF_UNSPEC, pad, ifi_type
        "00000000",   // ifi_index 0: the kernel picks
        "00000000",   // ifi_flags
        "00000000",   // ifi_change
        "0a00 0300 63616c693100 0000", // IFLA_IFNAME (3) "cali1\0" + 2 pad
        "0a00 0100 eeeeeeeeeeee 0000", // IFLA_ADDRESS (1) ee:ee:ee:ee:ee:ee + 2 pad
        "0800 0400 a0050000",          // IFLA_MTU (4) 1440
        "4400 1200",                   // IFLA_LINKINFO (18), nested, 68 bytes
        "  0900 0100 7665746800 000000",   // IFLA_INFO_KIND (1) "veth\0" + 3 pad
        "  3400 0200",                     // IFLA_INFO_DATA (2), nested, 52 bytes
        "    3000 0100",                   // VETH_INFO_PEER (1), 48 bytes: ifinfomsg + attributes
        "      00 00 0000 00000000 00000000 00000000", // the peer's ifinfomsg, all zero
        "      0900 0300 6574683000 000000",   // IFLA_IFNAME "eth0\0" + 3 pad
        "      0800 0400 a0050000",            // IFLA_MTU 1440
        "      0800 1c00 07000000"             // IFLA_NET_NS_FD (28) = fd 7
    )));
  }

  @Test
  void linkUpOnlyTouchesTheUpFlag() {
    assertThat(Hex.of(RtnlCodec.setLinkUp(5, true))).isEqualTo(Hex.of(Hex.bytes(
        "20000000 1000 0500 00000000 00000000", // len 32, RTM_NEWLINK, REQUEST|ACK
        "00 00 0000", "05000000", // family, pad, type; ifi_index 5
        "01000000",               // ifi_flags IFF_UP
        "01000000"                // ifi_change IFF_UP: nothing else changes
    )));
    assertThat(Hex.of(RtnlCodec.setLinkNamespace(5, 9))).isEqualTo(Hex.of(Hex.bytes(
        "28000000 1000 0500 00000000 00000000",
        "00 00 0000 05000000 00000000 00000000",
        "0800 1c00 09000000" // IFLA_NET_NS_FD = 9
    )));
  }

  @Test
  void ipv6AddressWithNoDad() {
    var msg = RtnlCodec.address(RTM_NEWADDR, RtnlCodec.CREATE_REPLACE,
        InterfaceAddress.of(3, ip("fd00:5::9/128")).withFlags(IFA_F_NODAD));
    assertThat(Hex.of(msg)).isEqualTo(Hex.of(Hex.bytes(
        "48000000 1400 0505 00000000 00000000", // len 72, RTM_NEWADDR (20), REQUEST|ACK|REPLACE|CREATE
        "0a",       // ifa_family AF_INET6
        "80",       // ifa_prefixlen 128
        "02",       // ifa_flags IFA_F_NODAD
        "00",       // ifa_scope global
        "03000000", // ifa_index 3
        "1400 0200 fd000005000000000000000000000009", // IFA_LOCAL (2)
        "1400 0100 fd000005000000000000000000000009", // IFA_ADDRESS (1)
        "0800 0800 02000000"                          // IFA_FLAGS (8) = NODAD, 32-bit form
    )));
  }

  @Test
  void permanentNeighbourWithProtocol() {
    var msg = RtnlCodec.neighbour(RTM_NEWNEIGH, RtnlCodec.CREATE_REPLACE,
        Neighbour.permanent(4, ip("198.18.5.9"), mac("0a:58:c6:12:05:09"), 80));
    assertThat(Hex.of(msg)).isEqualTo(Hex.of(Hex.bytes(
        "38000000 1c00 0505 00000000 00000000", // len 56, RTM_NEWNEIGH (28), REQUEST|ACK|REPLACE|CREATE
        "02 00 0000", // ndm_family AF_INET, pad1, pad2
        "04000000",   // ndm_ifindex 4
        "8000",       // ndm_state NUD_PERMANENT
        "00",         // ndm_flags
        "00",         // ndm_type
        "0800 0100 c6120509",          // NDA_DST (1) 198.18.5.9
        "0a00 0200 0a58c6120509 0000", // NDA_LLADDR (2) + 2 pad
        "0500 0c00 50 000000"          // NDA_PROTOCOL (12) = 80 + 3 pad
    )));
  }

  @Test
  void dumpRequests() {
    assertThat(Hex.of(RtnlCodec.dumpRoutes(IpFamily.V6))).isEqualTo(Hex.of(Hex.bytes(
        "1c000000 1a00 0103 00000000 00000000", // len 28, RTM_GETROUTE (26), REQUEST|DUMP (0x301)
        "0a 00 00 00 00 00 00 00 00000000"        // rtmsg: AF_INET6, everything else 0
    )));
    assertThat(Hex.of(RtnlCodec.getLinkByName("eth0"))).isEqualTo(Hex.of(Hex.bytes(
        "2c000000 1200 0100 00000000 00000000", // len 44, RTM_GETLINK (18), REQUEST only
        "00 00 0000 00000000 00000000 00000000",
        "0900 0300 6574683000 000000"          // IFLA_IFNAME "eth0\0"
    )));
  }

  @Test
  void everyRouteWeWriteDecodesBackToItself() {
    for (Route r : new Route[] {
        Route.blackhole(ip("198.18.128.0/26")).withProtocol(80),
        Route.via(ip("198.18.64.0/26"), ip("198.18.0.2")).withProtocol(80),
        Route.device(ip("198.18.5.9/32"), 7).withProtocol(80),
        Route.via(ip("fd00:64::/122"), ip("fd00:1::2")).withProtocol(80).withPriority(1024),
        Route.via(ip("::/0"), ip("fe80::ecee:eeff:feee:eeee")).withOutputInterface(2),
        Route.blackhole(ip("198.18.0.0/16")).withTable(1000)}) {
      var msg = NetlinkFrames.split(RtnlCodec.route(RTM_NEWROUTE, 0, r)).get(0);
      assertThat(RtnlCodec.decodeRoute(msg)).isEqualTo(r);
    }
  }
}
