package io.jcalico.felix.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Kernel replies, framed then decoded; malformed input raises the codec's own exception. */
class RtnlReplyDecodingTest {
  static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  @Test
  void multipartRouteDumpIsFramedAndDecoded() {
    List<NlMessage> msgs = NetlinkFrames.split(Hex.buffer(
        // --- message 1: 198.18.64.0/26 via 198.18.0.2 dev #3 proto 80
        "44000000",          // nlmsg_len 68
        "1800",              // RTM_NEWROUTE
        "0200",              // NLM_F_MULTI
        "2a000000",          // seq 42
        "391b0000",          // pid 6969
        "02 1a 00 00 fe 50 00 01", // AF_INET /26, table main, proto 80, universe, unicast
        "00000000",          // rtm_flags
        "0800 0f00 fe000000", // RTA_TABLE 254
        "0800 0100 c6124000", // RTA_DST 198.18.64.0
        "0800 0500 c6120002", // RTA_GATEWAY 198.18.0.2
        "0800 0400 03000000", // RTA_OIF 3
        "0800 1e00 deadbeef", // type 30: unknown to us, kept and skipped
        // --- message 2: blackhole fd00:128::/122 (the kernel reports dev lo, metric 1024)
        "48000000 1800 0200 2a000000 391b0000", // len 72
        "0a 7a 00 00 fe 50 00 06", // AF_INET6 /122, main, proto 80, universe, blackhole
        "00000000",
        "0800 0f00 fe000000",                          // RTA_TABLE
        "1400 0100 fd000128000000000000000000000000",  // RTA_DST fd00:128::
        "0800 0600 00040000",                          // RTA_PRIORITY 1024
        "0800 0400 01000000",                          // RTA_OIF 1 (lo)
        // --- NLMSG_DONE with error 0
        "14000000 0300 0200 2a000000 391b0000", // len 20, NLMSG_DONE, MULTI
        "00000000"));

    assertThat(msgs).extracting(NlMessage::type).containsExactly(24, 24, 3);
    assertThat(msgs).extracting(NlMessage::seq).containsOnly(42);
    Route r1 = RtnlCodec.decodeRoute(msgs.get(0));
    assertThat(r1).isEqualTo(Route.via(ip("198.18.64.0/26"), ip("198.18.0.2")).withProtocol(80).withOutputInterface(3));
    Route r2 = RtnlCodec.decodeRoute(msgs.get(1));
    assertThat(r2.isBlackhole()).isTrue();
    assertThat(r2.destination()).isEqualTo(ip("fd00:128::/122"));
    assertThat(r2.effectivePriority()).isEqualTo(1024);
    assertThat(NetlinkFrames.doneErrno(msgs.get(2))).isZero();
  }

  @Test
  void vethLinkWithNestedLinkInfoAndFlaggedNestedType() {
    NlMessage m = NetlinkFrames.split(Hex.buffer(
        "68000000 1000 0200 01000000 00000000", // len 104, RTM_NEWLINK, MULTI
        "00 00 0100",    // AF_UNSPEC, pad, ifi_type ARPHRD_ETHER (1)
        "0c000000",      // ifi_index 12
        "43100100",      // ifi_flags UP|BROADCAST|RUNNING|MULTICAST|LOWER_UP (0x11043)
        "00000000",      // ifi_change
        "0a00 0300 63616c693100 0000", // IFLA_IFNAME "cali1"
        "0800 0400 dc050000",          // IFLA_MTU 1500
        "0a00 0100 eeeeeeeeeeee 0000", // IFLA_ADDRESS ee:ee:ee:ee:ee:ee
        "0800 0500 02000000",          // IFLA_LINK 2: the peer's ifindex over there
        "0800 2500 00000000",          // IFLA_LINK_NETNSID (37) 0
        "0500 1000 06 000000",         // IFLA_OPERSTATE (16) IF_OPER_UP (6)
        "1000 1280",                   // IFLA_LINKINFO with NLA_F_NESTED (0x8012), 16 bytes
        "  0900 0100 7665746800 000000" // IFLA_INFO_KIND "veth"
    )).get(0);

    Link link = RtnlCodec.decodeLink(m);
    assertThat(link.index()).isEqualTo(12);
    assertThat(link.name()).isEqualTo("cali1");
    assertThat(link.mtu()).isEqualTo(1500);
    assertThat(link.mac().toColonDelimitedString()).isEqualTo("ee:ee:ee:ee:ee:ee");
    assertThat(link.isVeth()).isTrue();
    assertThat(link.isUp()).isTrue();
    assertThat(link.isLowerUp()).isTrue();
    assertThat(link.peerIndex()).isEqualTo(2);
    assertThat(link.peerNetnsId()).isZero();
    assertThat(link.operState()).isEqualTo(6);
  }

  @Test
  void ipv4AddressPrefersLocalAndReadsExtendedFlags() {
    NlMessage m = NetlinkFrames.split(Hex.buffer(
        "3c000000 1400 0200 01000000 00000000", // len 60, RTM_NEWADDR
        "02 18 80 00 03000000",         // AF_INET, /24, ifa_flags PERMANENT, scope global, index 3
        "0800 0100 c6120001",           // IFA_ADDRESS 198.18.0.1
        "0800 0200 c6120001",           // IFA_LOCAL 198.18.0.1
        "0900 0300 72742d6100 000000",  // IFA_LABEL "rt-a\0" (4 + 5) + 3 pad
        "0800 0800 80000000"            // IFA_FLAGS 0x80
    )).get(0);
    InterfaceAddress a = RtnlCodec.decodeAddress(m);
    assertThat(a.address()).isEqualTo(ip("198.18.0.1/24"));
    assertThat(a.interfaceIndex()).isEqualTo(3);
    assertThat(a.flags()).isEqualTo(NetlinkConstants.IFA_F_PERMANENT);
  }

  @Test
  void permanentNeighbour() {
    NlMessage m = NetlinkFrames.split(Hex.buffer(
        "38000000 1c00 0200 01000000 00000000", // len 56, RTM_NEWNEIGH
        "02 00 0000 04000000 8000 00 01", // AF_INET, ifindex 4, NUD_PERMANENT, flags 0, type 1
        "0800 0100 c6120509",           // NDA_DST 198.18.5.9
        "0a00 0200 0a58c6120509 0000",  // NDA_LLADDR
        "0500 0c00 50 000000"           // NDA_PROTOCOL 80
    )).get(0);
    Neighbour n = RtnlCodec.decodeNeighbour(m);
    assertThat(n.address()).isEqualTo(ip("198.18.5.9"));
    assertThat(n.mac().toColonDelimitedString()).isEqualTo("0a:58:c6:12:05:09");
    assertThat(n.isPermanent()).isTrue();
    assertThat(n.protocol()).isEqualTo(80);
  }

  @Test
  void errorReplyWithExtendedAck() {
    NlMessage m = NetlinkFrames.split(Hex.buffer(
        "38000000",   // nlmsg_len 56
        "0200",       // NLMSG_ERROR
        "0003",       // NLM_F_CAPPED | NLM_F_ACK_TLVS (0x300)
        "07000000 00000000",
        "efffffff",   // error -17 (EEXIST)
        "2c000000 1800 0506 07000000 00000000", // the request's header only (capped)
        "1100 0100 526f7574652065786973747300", // NLMSGERR_ATTR_MSG (1) "Route exists\0", 17 bytes
        "000000"                                // pad to 20
    )).get(0);
    NetlinkFrames.Ack ack = NetlinkFrames.parseError(m);
    assertThat(ack.errno()).isEqualTo(Errno.EEXIST);
    assertThat(ack.kernelMessage()).isEqualTo("Route exists");
    assertThat(new NetlinkException("add route", ack.errno(), ack.kernelMessage()))
        .hasMessage("add route: EEXIST (Route exists)");
  }

  @Test
  void uncappedErrorSkipsTheWholeEchoedRequest() {
    NlMessage m = NetlinkFrames.split(Hex.buffer(
        "3c000000 0200 0002 07000000 00000000", // len 60, NLMSG_ERROR, ACK_TLVS only (0x200)
        "edffffff",                           // error -19 (ENODEV)
        "1c000000 1200 0100 07000000 00000000", // echoed request: 28 bytes, header ...
        "00 00 0000 63000000 00000000",         // ... and 12 of its payload (cut short here)
        "0c00 0100 6e6f2064657600 00"           // NLMSGERR_ATTR_MSG "no dev\0" + 1 pad
    )).get(0);
    NetlinkFrames.Ack ack = NetlinkFrames.parseError(m);
    assertThat(ack.errno()).isEqualTo(Errno.ENODEV);
    assertThat(ack.kernelMessage()).isEqualTo("no dev");
  }

  @Test
  void plainAckIsSuccess() {
    NlMessage m = NetlinkFrames.split(Hex.buffer(
        "24000000 0200 0001 07000000 00000000", // len 36, NLMSG_ERROR, CAPPED
        "00000000",                           // error 0: ACK
        "2c000000 1800 0506 07000000 00000000")).get(0);
    assertThat(NetlinkFrames.parseError(m).isSuccess()).isTrue();
  }

  @Test
  void truncatedOrOverlongInputIsRejected() {
    assertThatThrownBy(() -> NetlinkFrames.split(Hex.buffer(
        "40000000 1800 0200 01000000 00000000", "02 1a 00 00"))) // says 64 bytes, has 20
        .isInstanceOf(MalformedNetlinkMessageException.class).hasMessageContaining("nlmsg_len 64");
    assertThatThrownBy(() -> NetlinkFrames.split(Hex.buffer(
        "14000000 0300 0200 01000000 00000000 00000000", "0102"))) // two stray bytes after DONE
        .isInstanceOf(MalformedNetlinkMessageException.class).hasMessageContaining("trailing");
    NlMessage badAttr = NetlinkFrames.split(Hex.buffer(
        "24000000 1800 0200 01000000 00000000",
        "02 1a 00 00 fe 50 00 01 00000000",
        "4000 0100 c6124000")).get(0); // rtattr claims 64 bytes, 8 remain
    assertThatThrownBy(() -> RtnlCodec.decodeRoute(badAttr))
        .isInstanceOf(MalformedNetlinkMessageException.class).hasMessageContaining("rtattr type 1");
    NlMessage shortHeader = NetlinkFrames.split(Hex.buffer("14000000 1800 0200 01000000 00000000", "02000000")).get(0);
    assertThatThrownBy(() -> RtnlCodec.decodeRoute(shortHeader))
        .isInstanceOf(MalformedNetlinkMessageException.class).hasMessageContaining("12-byte header");
  }
}
