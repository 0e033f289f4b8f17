package io.jcalico.felix.netlink;

/**
 * Numbers from the Linux uapi headers ({@code linux/netlink.h}, {@code linux/rtnetlink.h},
 * {@code linux/if_link.h}, {@code linux/if_addr.h}, {@code linux/neighbour.h}, {@code linux/veth.h})
 * that the codec and the native socket use. They are ABI: stable across kernel versions.
 */
public final class NetlinkConstants {
  private NetlinkConstants() {}

  // --- Socket level (sys/socket.h, linux/netlink.h) ---
  public static final int AF_UNSPEC = 0;
  public static final int AF_INET = 2;
  public static final int AF_INET6 = 10;
  public static final int AF_NETLINK = 16;
  public static final int SOCK_RAW = 3;
  public static final int SOCK_CLOEXEC = 0x80000;
  public static final int NETLINK_ROUTE = 0;
  public static final int SOL_SOCKET = 1;
  public static final int SO_SNDBUF = 7;
  public static final int SO_RCVBUF = 8;
  public static final int SOL_NETLINK = 270;
  /** Error replies carry only the failed request's header, not its whole payload. */
  public static final int NETLINK_CAP_ACK = 10;
  /** Error replies carry the kernel's extended-ack text ("Nexthop device is not up", ...). */
  public static final int NETLINK_EXT_ACK = 11;
  public static final int MSG_TRUNC = 0x20;
  public static final int O_RDONLY = 0;
  public static final int O_CLOEXEC = 0x80000;
  public static final int CLONE_NEWNET = 0x40000000;

  // --- nlmsghdr ---
  public static final int NLMSG_HDRLEN = 16;
  public static final int NLMSG_NOOP = 1;
  public static final int NLMSG_ERROR = 2;
  public static final int NLMSG_DONE = 3;
  public static final int NLMSG_OVERRUN = 4;

  public static final int NLM_F_REQUEST = 0x01;
  public static final int NLM_F_MULTI = 0x02;
  public static final int NLM_F_ACK = 0x04;
  /** Set by the kernel on dump parts when the table changed during the dump. */
  public static final int NLM_F_DUMP_INTR = 0x10;
  public static final int NLM_F_DUMP = 0x300;
  public static final int NLM_F_REPLACE = 0x100;
  public static final int NLM_F_EXCL = 0x200;
  public static final int NLM_F_CREATE = 0x400;
  /** On NLMSG_ERROR: the echoed request was cut to its header (NETLINK_CAP_ACK). */
  public static final int NLM_F_CAPPED = 0x100;
  /** On NLMSG_ERROR: extended-ack attributes follow the echoed request. */
  public static final int NLM_F_ACK_TLVS = 0x200;
  public static final int NLMSGERR_ATTR_MSG = 1;

  // --- rtnetlink message types ---
  public static final int RTM_NEWLINK = 16;
  public static final int RTM_DELLINK = 17;
  public static final int RTM_GETLINK = 18;
  public static final int RTM_NEWADDR = 20;
  public static final int RTM_DELADDR = 21;
  public static final int RTM_GETADDR = 22;
  public static final int RTM_NEWROUTE = 24;
  public static final int RTM_DELROUTE = 25;
  public static final int RTM_GETROUTE = 26;
  public static final int RTM_NEWNEIGH = 28;
  public static final int RTM_DELNEIGH = 29;
  public static final int RTM_GETNEIGH = 30;

  // --- rtattr ---
  public static final int RTA_HDRLEN = 4;
  /** Attribute type bits; the top two bits are NLA_F_NESTED and NLA_F_NET_BYTEORDER. */
  public static final int NLA_TYPE_MASK = 0x3fff;

  // --- rtmsg (struct rtmsg, 12 bytes) ---
  public static final int RTMSG_LEN = 12;
  public static final int RT_TABLE_UNSPEC = 0;
  public static final int RT_TABLE_MAIN = 254;
  public static final int RT_TABLE_LOCAL = 255;
  public static final int RTPROT_UNSPEC = 0;
  public static final int RTPROT_KERNEL = 2;
  public static final int RTPROT_BOOT = 3;
  public static final int RTPROT_STATIC = 4;
  public static final int RT_SCOPE_UNIVERSE = 0;
  public static final int RT_SCOPE_LINK = 253;
  public static final int RT_SCOPE_HOST = 254;
  public static final int RT_SCOPE_NOWHERE = 255;
  public static final int RTN_UNICAST = 1;
  public static final int RTN_LOCAL = 2;
  public static final int RTN_BROADCAST = 3;
  public static final int RTN_ANYCAST = 4;
  public static final int RTN_MULTICAST = 5;
  public static final int RTN_BLACKHOLE = 6;
  public static final int RTN_UNREACHABLE = 7;
  public static final int RTN_PROHIBIT = 8;
  public static final int RTA_DST = 1;
  public static final int RTA_OIF = 4;
  public static final int RTA_GATEWAY = 5;
  public static final int RTA_PRIORITY = 6;
  public static final int RTA_PREFSRC = 7;
  public static final int RTA_MULTIPATH = 9;
  public static final int RTA_TABLE = 15;
  /** The kernel's metric for IPv6 routes added without RTA_PRIORITY. */
  public static final int IP6_RT_PRIO_USER = 1024;
  /** rtnh_flags / rtm_flags: the next hop's device has no carrier. */
  public static final int RTNH_F_LINKDOWN = 0x10;

  // --- ifinfomsg (16 bytes) ---
  public static final int IFINFOMSG_LEN = 16;
  public static final int IFF_UP = 0x1;
  public static final int IFF_LOOPBACK = 0x8;
  public static final int IFF_RUNNING = 0x40;
  public static final int IFF_LOWER_UP = 0x10000;
  public static final int IFLA_ADDRESS = 1;
  public static final int IFLA_IFNAME = 3;
  public static final int IFLA_MTU = 4;
  public static final int IFLA_LINK = 5;
  public static final int IFLA_MASTER = 10;
  public static final int IFLA_OPERSTATE = 16;
  public static final int IFLA_LINKINFO = 18;
  public static final int IFLA_NET_NS_FD = 28;
  public static final int IFLA_LINK_NETNSID = 37;
  public static final int IFLA_INFO_KIND = 1;
  public static final int IFLA_INFO_DATA = 2;
  public static final int VETH_INFO_PEER = 1;
  /** Longest interface name, without the NUL (IFNAMSIZ - 1). */
  public static final int IFNAMSIZ_MAX = 15;

  // --- ifaddrmsg (8 bytes) ---
  public static final int IFADDRMSG_LEN = 8;
  public static final int IFA_ADDRESS = 1;
  public static final int IFA_LOCAL = 2;
  public static final int IFA_LABEL = 3;
  public static final int IFA_FLAGS = 8;
  /** Skip duplicate address detection: the address is usable at once. */
  public static final int IFA_F_NODAD = 0x02;
  public static final int IFA_F_TENTATIVE = 0x40;
  public static final int IFA_F_PERMANENT = 0x80;

  // --- ndmsg (12 bytes) ---
  public static final int NDMSG_LEN = 12;
  public static final int NDA_DST = 1;
  public static final int NDA_LLADDR = 2;
  public static final int NDA_PROTOCOL = 12;
  public static final int NUD_INCOMPLETE = 0x01;
  public static final int NUD_REACHABLE = 0x02;
  public static final int NUD_STALE = 0x04;
  public static final int NUD_FAILED = 0x20;
  public static final int NUD_NOARP = 0x40;
  public static final int NUD_PERMANENT = 0x80;
}
