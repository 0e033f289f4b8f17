package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.*;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import java.nio.ByteBuffer;

/**
 * Builds rtnetlink requests and decodes replies: {@code rtmsg} (routes), {@code ifinfomsg}
 * (links, including the nested IFLA_LINKINFO / IFLA_INFO_DATA / VETH_INFO_PEER of a new veth),
 * {@code ifaddrmsg} (addresses) and {@code ndmsg} (neighbours). Pure: no sockets, so every byte
 * is unit-tested; requests come out with sequence number 0 for the socket to stamp.
 */
public final class RtnlCodec {
  private RtnlCodec() {}

  static final int ACK = NLM_F_ACK;
  /** Create; fail with EEXIST if it exists. */
  public static final int CREATE_EXCL = NLM_F_CREATE | NLM_F_EXCL;
  /** Create or replace in place. */
  public static final int CREATE_REPLACE = NLM_F_CREATE | NLM_F_REPLACE;

  // ------------------------------------------------------------------ routes

  /** RTM_NEWROUTE / RTM_DELROUTE for {@code r}, with ACK and the given create flags. */
  public static ByteBuffer route(int msgType, int createFlags, Route r) {
    NetlinkMessageBuilder m = NetlinkMessageBuilder.request(msgType, ACK | createFlags);
    int dstLen = r.destination().getNetworkPrefixLength();
    m.u8(r.family().af()).u8(dstLen).u8(0).u8(0) // family, dst_len, src_len, tos
        .u8(r.table() < 256 ? r.table() : RT_TABLE_UNSPEC)
        .u8(r.protocol()).u8(r.scope()).u8(r.type())
        .u32(0); // rtm_flags
    m.attrU32(RTA_TABLE, r.table());
    if (dstLen > 0) {
      m.attr(RTA_DST, r.destination().getLower().getBytes());
    }
    if (r.gateway() != null) {
      m.attr(RTA_GATEWAY, r.gateway().getBytes());
    }
    if (r.outputInterface() != 0) {
      m.attrU32(RTA_OIF, r.outputInterface());
    }
    if (r.priority() != 0) {
      m.attrU32(RTA_PRIORITY, r.priority());
    }
    return m.build();
  }

  public static ByteBuffer dumpRoutes(IpFamily family) {
    return NetlinkMessageBuilder.request(RTM_GETROUTE, NLM_F_DUMP)
        .u8(family.af()).zeros(RTMSG_LEN - 1).build();
  }

  public static Route decodeRoute(NlMessage msg) {
    ByteBuffer p = msg.payload();
    RtAttributes a = RtAttributes.after(p, RTMSG_LEN);
    int af = p.get(0) & 0xff;
    int dstLen = p.get(1) & 0xff;
    int table = a.u32(RTA_TABLE, p.get(4) & 0xff);
    byte[] dst = a.bytes(RTA_DST);
    if (dst == null) {
      dst = new byte[IpFamily.ofAf(af).bits() / 8];
    }
    return new Route(
        RtAttributes.toAddress(dst, dstLen),
        p.get(7) & 0xff,
        table,
        p.get(5) & 0xff,
        p.get(6) & 0xff,
        a.address(RTA_GATEWAY),
        a.u32(RTA_OIF, 0),
        a.u32(RTA_PRIORITY, 0),
        p.getInt(8));
  }

  // ------------------------------------------------------------------- links

  private static NetlinkMessageBuilder ifinfo(int msgType, int flags, int index, int ifFlags, int change) {
    return NetlinkMessageBuilder.request(msgType, flags)
        .u8(AF_UNSPEC).u8(0).u16(0) // family, pad, ifi_type
        .u32(index).u32(ifFlags).u32(change);
  }

  public static ByteBuffer dumpLinks() {
    return ifinfo(RTM_GETLINK, NLM_F_DUMP, 0, 0, 0).build();
  }

  public static ByteBuffer getLinkByName(String name) {
    return ifinfo(RTM_GETLINK, 0, 0, 0, 0).attrString(IFLA_IFNAME, Links.checkName(name)).build();
  }

  public static ByteBuffer getLinkByIndex(int index) {
    return ifinfo(RTM_GETLINK, 0, index, 0, 0).build();
  }

  /** {@code ip link set <index> up|down}: only IFF_UP changes (ifi_change masks the rest). */
  public static ByteBuffer setLinkUp(int index, boolean up) {
    return ifinfo(RTM_NEWLINK, ACK, index, up ? IFF_UP : 0, IFF_UP).build();
  }

  public static ByteBuffer setLinkMtu(int index, int mtu) {
    return ifinfo(RTM_NEWLINK, ACK, index, 0, 0).attrU32(IFLA_MTU, mtu).build();
  }

  public static ByteBuffer setLinkMac(int index, MACAddress mac) {
    return ifinfo(RTM_NEWLINK, ACK, index, 0, 0).attr(IFLA_ADDRESS, mac.getBytes()).build();
  }

  /** Moves the link into the namespace open as {@code netnsFd} in this process. */
  public static ByteBuffer setLinkNamespace(int index, int netnsFd) {
    return ifinfo(RTM_NEWLINK, ACK, index, 0, 0).attrU32(IFLA_NET_NS_FD, netnsFd).build();
  }

  public static ByteBuffer deleteLink(int index) {
    return ifinfo(RTM_DELLINK, ACK, index, 0, 0).build();
  }

  /**
   * {@code ip link add <name> [address A] [mtu M] type veth peer name <peer> [address B] [mtu M]
   * [netns FD]}. The peer is described by a whole {@code ifinfomsg} plus attributes inside
   * VETH_INFO_PEER. {@code peerNetnsFd} is -1 to keep the peer here.
   */
  public static ByteBuffer newVeth(VethSpec spec, int peerNetnsFd) {
    NetlinkMessageBuilder m = ifinfo(RTM_NEWLINK, ACK | CREATE_EXCL, 0, 0, 0);
    linkAttributes(m, spec.name(), spec.mac(), spec.mtu());
    int linkInfo = m.beginNested(IFLA_LINKINFO);
    m.attrString(IFLA_INFO_KIND, "veth");
    int infoData = m.beginNested(IFLA_INFO_DATA);
    int peer = m.beginNested(VETH_INFO_PEER);
    m.u8(AF_UNSPEC).u8(0).u16(0).u32(0).u32(0).u32(0); // the peer's own ifinfomsg, all zero
    linkAttributes(m, spec.peerName(), spec.peerMac(), spec.mtu());
    if (peerNetnsFd >= 0) {
      m.attrU32(IFLA_NET_NS_FD, peerNetnsFd);
    }
    m.endNested(peer).endNested(infoData).endNested(linkInfo);
    return m.build();
  }

  private static void linkAttributes(NetlinkMessageBuilder m, String name, MACAddress mac, int mtu) {
    m.attrString(IFLA_IFNAME, name);
    if (mac != null) {
      m.attr(IFLA_ADDRESS, mac.getBytes());
    }
    if (mtu > 0) {
      m.attrU32(IFLA_MTU, mtu);
    }
  }

  public static Link decodeLink(NlMessage msg) {
    ByteBuffer p = msg.payload();
    RtAttributes a = RtAttributes.after(p, IFINFOMSG_LEN);
    RtAttributes info = a.nested(IFLA_LINKINFO);
    return new Link(
        p.getInt(4),
        a.string(IFLA_IFNAME),
        p.getInt(8),
        a.u32(IFLA_MTU, 0),
        a.mac(IFLA_ADDRESS),
        info == null ? null : info.string(IFLA_INFO_KIND),
        a.u32(IFLA_LINK, 0),
        a.u32(IFLA_MASTER, 0),
        a.u8(IFLA_OPERSTATE, 0),
        a.u32(IFLA_LINK_NETNSID, -1));
  }

  // --------------------------------------------------------------- addresses

  /** RTM_NEWADDR / RTM_DELADDR; IFA_LOCAL and IFA_ADDRESS both carry the address, as iproute2. */
  public static ByteBuffer address(int msgType, int createFlags, InterfaceAddress addr) {
    byte[] raw = addr.host().getBytes();
    NetlinkMessageBuilder m = NetlinkMessageBuilder.request(msgType, ACK | createFlags)
        .u8(addr.family().af()).u8(addr.prefixLength()).u8(addr.flags() & 0xff).u8(addr.scope())
        .u32(addr.interfaceIndex());
    m.attr(IFA_LOCAL, raw).attr(IFA_ADDRESS, raw);
    if (addr.flags() != 0) {
      m.attrU32(IFA_FLAGS, addr.flags());
    }
    return m.build();
  }

  public static ByteBuffer dumpAddresses(IpFamily family) {
    return NetlinkMessageBuilder.request(RTM_GETADDR, NLM_F_DUMP)
        .u8(family.af()).zeros(IFADDRMSG_LEN - 1).build();
  }

  public static InterfaceAddress decodeAddress(NlMessage msg) {
    ByteBuffer p = msg.payload();
    RtAttributes a = RtAttributes.after(p, IFADDRMSG_LEN);
    int prefixLength = p.get(1) & 0xff;
    // IPv4 puts the interface's own address in IFA_LOCAL (IFA_ADDRESS is the peer on p2p links);
    // IPv6 sends only IFA_ADDRESS unless a peer is configured.
    byte[] raw = a.has(IFA_LOCAL) ? a.bytes(IFA_LOCAL) : a.bytes(IFA_ADDRESS);
    if (raw == null) {
      throw new MalformedNetlinkMessageException("RTM_NEWADDR without IFA_LOCAL or IFA_ADDRESS");
    }
    IPAddress address = RtAttributes.toAddress(raw, prefixLength);
    return new InterfaceAddress(p.getInt(4), address, p.get(3) & 0xff, a.u32(IFA_FLAGS, p.get(2) & 0xff));
  }

  // -------------------------------------------------------------- neighbours

  public static ByteBuffer neighbour(int msgType, int createFlags, Neighbour n) {
    NetlinkMessageBuilder m = NetlinkMessageBuilder.request(msgType, ACK | createFlags)
        .u8(n.family().af()).u8(0).u16(0) // family, pad1, pad2
        .u32(n.interfaceIndex()).u16(n.state()).u8(n.flags()).u8(0); // ifindex, state, flags, type
    m.attr(NDA_DST, n.address().getBytes());
    if (n.mac() != null) {
      m.attr(NDA_LLADDR, n.mac().getBytes());
    }
    if (n.protocol() != 0) {
      m.attrU8(NDA_PROTOCOL, n.protocol());
    }
    return m.build();
  }

  public static ByteBuffer dumpNeighbours(IpFamily family) {
    return NetlinkMessageBuilder.request(RTM_GETNEIGH, NLM_F_DUMP)
        .u8(family.af()).zeros(NDMSG_LEN - 1).build();
  }

  public static Neighbour decodeNeighbour(NlMessage msg) {
    ByteBuffer p = msg.payload();
    RtAttributes a = RtAttributes.after(p, NDMSG_LEN);
    IPAddress dst = a.address(NDA_DST);
    if (dst == null) {
      throw new MalformedNetlinkMessageException("RTM_NEWNEIGH without NDA_DST");
    }
    return new Neighbour(p.getInt(4), dst, a.mac(NDA_LLADDR), p.getShort(8) & 0xffff,
        p.get(10) & 0xff, a.u8(NDA_PROTOCOL, 0));
  }
}
