package io.jcalico.felix.driver.pod;

import static io.jcalico.felix.netlink.NetlinkConstants.IFA_F_NODAD;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_SCOPE_LINK;
import static io.jcalico.felix.netlink.NetlinkConstants.RT_TABLE_MAIN;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import inet.ipaddr.mac.MACAddress;
import io.jcalico.felix.netlink.Errno;
import io.jcalico.felix.netlink.InterfaceAddress;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.Neighbour;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.NetlinkException;
import io.jcalico.felix.netlink.Route;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.felix.netlink.SysctlKey;
import io.jcalico.felix.netlink.Sysctls;
import io.jcalico.felix.netlink.VethSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calico's per-pod wiring, host side and pod side, for one pod (what Calico's CNI plugin does on
 * ADD, minus IPAM and the WorkloadEndpoint):
 *
 * <pre>
 *   host namespace                               pod namespace
 *   caliXXXXXXXXXXX  mac ee:ee:ee:ee:ee:ee  <-veth->  eth0  198.18.4.7/32, fd00:4::7/128
 *     proxy_arp=1, neigh proxy_delay=0              169.254.1.1 dev eth0 scope link
 *     forwarding=1, route_localnet=1                default via 169.254.1.1 dev eth0
 *     (v6: proxy_ndp=1, forwarding=1, accept_ra=0,  default via fe80::ecee:eeff:feee:eeee dev eth0
 *      fe80::ecee:eeff:feee:eeee/64)
 *   198.18.4.7 dev caliX scope link proto 80
 *   neigh 198.18.4.7 lladdr <pod mac> PERMANENT
 * </pre>
 *
 * Nobody owns 169.254.1.1: the host answers the pod's ARP for it by proxy ARP, with its
 * ee:ee:ee:ee:ee:ee MAC. Linux proxies only for addresses it can route out of another
 * interface, so the node needs a route covering 169.254.1.1 (its default route does); IPv6
 * forwarding also needs {@code net.ipv6.conf.all.forwarding=1}, which the daemon sets at start. For IPv6 the gateway is the host end's link-local address, the EUI-64
 * of that MAC; we add it ourselves (with DAD off) rather than wait for the kernel to, so it is
 * usable at once whatever the host's address-generation mode.
 *
 * <p>The veth is created in one request with its peer directly inside the pod's namespace.
 * {@link #setUp} is {@link #prepare} (everything that needs no address, so CNI ADD runs it while
 * IPAM picks the addresses) then {@link #attach} (addresses, host routes, neighbours). It is
 * idempotent: a pair that already joins this host interface to this pod
 * interface is reconfigured in place; a stale host interface of the same name is deleted first
 * (as Calico does); a pod interface name already used by something else is refused. Any failure
 * after the veth was created deletes it again (which takes the peer, routes and neighbour entry
 * with it). {@link #tearDown} tolerates every piece being gone already.
 *
 * <p>The host route is written with our route protocol, so the route reconciler owns it once the
 * daemon also desires it; desire it first (the reconciler waits for the interface) so that a
 * resync between the two steps cannot read it as a leftover.
 */
public final class PodNetworkPlumber {
  private static final Logger log = LoggerFactory.getLogger(PodNetworkPlumber.class);

  /** Every host-side veth has this MAC (Calico's choice: no per-pod MAC to generate). */
  public static final MACAddress HOST_MAC = new MACAddressString("ee:ee:ee:ee:ee:ee").getAddress();
  /** The pod's IPv4 next hop: owned by nobody, answered by proxy ARP. */
  public static final IPAddress IPV4_GATEWAY = new IPAddressString("169.254.1.1").getAddress();
  /** The pod's IPv6 next hop: the link-local address of {@link #HOST_MAC}. */
  public static final IPAddress IPV6_GATEWAY = HOST_MAC.toLinkLocalIPv6();

  private static final IPAddress IPV4_DEFAULT = new IPAddressString("0.0.0.0/0").getAddress();
  private static final IPAddress IPV6_DEFAULT = new IPAddressString("::/0").getAddress();

  private final Netlink host;
  private final Sysctls hostSysctls;
  private final int routeProtocol;

  /**
   * @param host a handle on the host's network namespace
   * @param hostNamespace the same namespace, for sysctl writes ({@link NetNamespace#current()}
   *     in the daemon)
   * @param routeProtocol the protocol number of the route reconciler, for the host routes and
   *     neighbour entries
   */
  public PodNetworkPlumber(Netlink host, NetNamespace hostNamespace, int routeProtocol) {
    this.host = host;
    this.hostSysctls = Sysctls.in(hostNamespace);
    this.routeProtocol = routeProtocol;
  }

  /** Wires the pod; see the class comment. */
  public PodAttachment setUp(PodNetworkSpec spec) {
    try (PreparedPair pair = prepare(spec.pair())) {
      return attach(pair, spec.addresses());
    }
  }

  /**
   * A pair made by {@link #prepare}, configured but without addresses, with the pod's namespace
   * held open for {@link #attach}. Closing it releases the namespace handle, not the pair.
   */
  public static final class PreparedPair implements AutoCloseable {
    private final PodPairSpec spec;
    private final NetNamespace podNs;
    private final Netlink pod;
    private final int hostIndex;
    private final int podIndex;
    private final MACAddress podMac;
    private final boolean created;

    private PreparedPair(PodPairSpec spec, NetNamespace podNs, Netlink pod, int hostIndex, int podIndex,
        MACAddress podMac, boolean created) {
      this.spec = spec;
      this.podNs = podNs;
      this.pod = pod;
      this.hostIndex = hostIndex;
      this.podIndex = podIndex;
      this.podMac = podMac;
      this.created = created;
    }

    public PodPairSpec spec() {
      return spec;
    }

    public int hostIndex() {
      return hostIndex;
    }

    @Override
    public void close() {
      try (podNs) {
        pod.close();
      }
    }
  }

  /**
   * The first half of {@link #setUp}, which needs no address: the pair (reused when it already
   * joins these two names), MTU and MACs, sysctls, both ends up, the pod's gateway and default
   * routes and the host end's IPv6 link-local address. A failure deletes a pair it created.
   */
  public PreparedPair prepare(PodPairSpec spec) {
    NetNamespace podNs = openPodNamespace(spec.netnsPath());
    Netlink pod = null;
    try {
      pod = Rtnetlink.openIn(podNs);
      Optional<Link> oldHost = host.linkByName(spec.hostInterface());
      Optional<Link> oldPod = pod.linkByName(spec.podInterface());
      boolean reuse = oldHost.isPresent() && oldPod.isPresent() && isPair(oldHost.get(), oldPod.get());
      Link hostLink;
      boolean created = false;
      if (reuse) {
        hostLink = oldHost.get();
      } else {
        if (oldPod.isPresent()) {
          throw new PodNetworkException(PodNetworkException.Reason.INTERFACE_NAME_TAKEN,
              "interface " + spec.podInterface() + " already exists in " + spec.netnsPath(), null);
        }
        if (oldHost.isPresent()) {
          log.info("deleting stale host interface {} (index {})", spec.hostInterface(), oldHost.get().index());
          deleteLinkIfPresent(host, oldHost.get().index());
        }
        hostLink = kernel("create veth " + spec.hostInterface(), () -> host.createVeth(
            VethSpec.of(spec.hostInterface(), spec.podInterface())
                .withMac(HOST_MAC).withMtu(spec.mtu()).withPeerMac(spec.podMac()).withPeerIn(podNs)));
        created = true;
      }
      try {
        return configurePair(spec, podNs, pod, hostLink, created);
      } catch (RuntimeException e) {
        if (created) {
          deleteAfterFailure(hostLink.index(), e);
        }
        throw e;
      }
    } catch (RuntimeException e) {
      try (podNs) {
        if (pod != null) {
          pod.close();
        }
      }
      throw e;
    }
  }

  private PreparedPair configurePair(PodPairSpec spec, NetNamespace podNs, Netlink pod, Link hostLink,
      boolean created) {
    int hostIndex = hostLink.index();
    if (spec.mtu() > 0 && hostLink.mtu() != spec.mtu()) {
      kernel("set mtu", () -> host.setMtu(hostIndex, spec.mtu()));
    }
    if (!HOST_MAC.equals(hostLink.mac())) {
      kernel("set mac", () -> host.setMac(hostIndex, HOST_MAC));
    }
    // Sysctls before the link goes up: with accept_dad=0 its link-local address is usable at once.
    hostSysctls.apply(hostSysctls(spec.hostInterface(), spec.ipv4(), spec.ipv6()));
    kernel("set " + spec.hostInterface() + " up", () -> host.setLinkUp(hostIndex, true));

    Link podLink = pod.linkByName(spec.podInterface()).orElseThrow(() -> new PodNetworkException(
        PodNetworkException.Reason.KERNEL, "pod interface " + spec.podInterface() + " vanished", null));
    int podIndex = podLink.index();
    if (spec.mtu() > 0 && podLink.mtu() != spec.mtu()) {
      kernel("set pod mtu", () -> pod.setMtu(podIndex, spec.mtu()));
    }
    if (spec.podMac() != null && !spec.podMac().equals(podLink.mac())) {
      kernel("set pod mac", () -> pod.setMac(podIndex, spec.podMac())); // a pair reused from an earlier ADD
    }
    if (spec.ipv6()) {
      Sysctls.in(podNs).apply(podIpv6Sysctls(spec.podInterface()));
    }
    kernel("set " + spec.podInterface() + " up", () -> pod.setLinkUp(podIndex, true));
    // The gateways are on-link through the pod end alone: these routes need no address yet.
    if (spec.ipv4()) {
      kernel("add pod gateway route", () -> pod.replaceRoute(Route.device(IPV4_GATEWAY, podIndex)));
      kernel("add pod default route", () -> pod.replaceRoute(Route.via(IPV4_DEFAULT, IPV4_GATEWAY).withOutputInterface(podIndex)));
    }
    if (spec.ipv6()) {
      kernel("add host link-local", () -> host.replaceAddress(
          new InterfaceAddress(hostIndex, IPV6_GATEWAY.setPrefixLength(64, false), RT_SCOPE_LINK, IFA_F_NODAD)));
      kernel("add pod IPv6 default route",
          () -> pod.replaceRoute(Route.via(IPV6_DEFAULT, IPV6_GATEWAY).withOutputInterface(podIndex)));
    }
    MACAddress podMac = spec.podMac() != null ? spec.podMac() : podLink.mac();
    return new PreparedPair(spec, podNs, pod, hostIndex, podIndex, podMac, created);
  }

  /**
   * The second half of {@link #setUp}: the pod's addresses, and per address the host route and
   * permanent neighbour entry. The addresses' families must be those the pair was prepared for.
   * A failure deletes the pair if {@link #prepare} created it.
   */
  public PodAttachment attach(PreparedPair pair, List<IPAddress> addresses) {
    List<IPAddress> hosts = PodNetworkSpec.hostPrefixes(addresses);
    PodPairSpec spec = pair.spec;
    boolean v4 = hosts.stream().anyMatch(IPAddress::isIPv4);
    boolean v6 = hosts.stream().anyMatch(IPAddress::isIPv6);
    if (v4 != spec.ipv4() || v6 != spec.ipv6()) {
      throw new IllegalArgumentException("addresses " + hosts + " do not match the families the pair "
          + spec.hostInterface() + " was prepared for (IPv4 " + spec.ipv4() + ", IPv6 " + spec.ipv6() + ")");
    }
    long start = System.nanoTime();
    try {
      for (IPAddress a : hosts) {
        int flags = a.isIPv6() ? IFA_F_NODAD : 0;
        kernel("add address " + a, () -> pair.pod.replaceAddress(InterfaceAddress.of(pair.podIndex, a).withFlags(flags)));
      }
      for (IPAddress a : hosts) {
        addHostRoute(spec.hostInterface(), pair.hostIndex, a);
        kernel("add neighbour " + a,
            () -> host.replaceNeighbour(Neighbour.permanent(pair.hostIndex, a, pair.podMac, routeProtocol)));
      }
    } catch (RuntimeException e) {
      if (pair.created) {
        deleteAfterFailure(pair.hostIndex, e);
      }
      throw e;
    }
    log.debug("pod {} addressed in {} us", spec.hostInterface(), (System.nanoTime() - start) / 1000);
    return new PodAttachment(spec.hostInterface(), pair.hostIndex, HOST_MAC, spec.podInterface(), pair.podIndex,
        pair.podMac, spec.netnsPath(), hosts, spec.ipv4() ? IPV4_GATEWAY : null, spec.ipv6() ? IPV6_GATEWAY : null);
  }

  private void deleteAfterFailure(int hostIndex, RuntimeException failure) {
    try {
      deleteLinkIfPresent(host, hostIndex);
    } catch (RuntimeException cleanup) {
      failure.addSuppressed(cleanup);
    }
  }

  /** {@code <ip> dev caliX scope link}; an existing route is ours to fix unless another protocol holds it. */
  private void addHostRoute(String hostInterface, int hostIndex, IPAddress address) {
    Route want = Route.device(address, hostIndex).withProtocol(routeProtocol);
    try {
      host.addRoute(want);
    } catch (NetlinkException e) {
      if (!e.is(Errno.EEXIST)) {
        throw kernelFailure("add host route " + want, e);
      }
      Route existing = host.listRoutes(IpFamily.of(address)).stream()
          .filter(r -> r.table() == RT_TABLE_MAIN && r.destination().equals(want.destination())
              && r.effectivePriority() == want.effectivePriority())
          .findFirst().orElse(null);
      if (existing != null && existing.protocol() != routeProtocol && existing.outputInterface() != hostIndex) {
        throw new PodNetworkException(PodNetworkException.Reason.ROUTE_CONFLICT,
            "route " + existing + " already exists for an interface other than " + hostInterface, e);
      }
      kernel("replace host route", () -> host.replaceRoute(want));
    }
  }

  private static Map<SysctlKey, String> hostSysctls(String i, boolean ipv4, boolean ipv6) {
    Map<SysctlKey, String> s = new LinkedHashMap<>();
    if (ipv4) {
      s.put(SysctlKey.ipv4Conf(i, "route_localnet"), "1"); // lets NAT rules send pod traffic to 127.0.0.1
      s.put(SysctlKey.ipv4Neigh(i, "proxy_delay"), "0"); // answer proxy ARP at once
      s.put(SysctlKey.ipv4Conf(i, "proxy_arp"), "1"); // answer for 169.254.1.1 (and everything)
      s.put(SysctlKey.ipv4Conf(i, "forwarding"), "1");
    }
    if (ipv6) {
      s.put(SysctlKey.ipv6Conf(i, "disable_ipv6"), "0");
      s.put(SysctlKey.ipv6Conf(i, "accept_dad"), "0"); // a point-to-point link: nothing to detect
      s.put(SysctlKey.ipv6Conf(i, "proxy_ndp"), "1");
      s.put(SysctlKey.ipv6Conf(i, "forwarding"), "1");
      s.put(SysctlKey.ipv6Conf(i, "accept_ra"), "0");
    }
    return s;
  }

  private static Map<SysctlKey, String> podIpv6Sysctls(String podInterface) {
    Map<SysctlKey, String> s = new LinkedHashMap<>();
    s.put(SysctlKey.ipv6Conf("all", "disable_ipv6"), "0");
    s.put(SysctlKey.ipv6Conf("default", "disable_ipv6"), "0");
    s.put(SysctlKey.ipv6Conf("lo", "disable_ipv6"), "0");
    s.put(SysctlKey.ipv6Conf(podInterface, "accept_dad"), "0");
    return s;
  }

  /**
   * Removes the pod's wiring; every piece may already be gone (and {@code netnsPath} may be
   * null or missing). Deleting the host end takes the pod end, the host routes and the
   * neighbour entries with it. Returns whether anything was deleted.
   */
  public boolean tearDown(String hostInterface, Path netnsPath, String podInterface) {
    boolean removed = false;
    Optional<Link> hostLink = host.linkByName(hostInterface);
    if (hostLink.isPresent()) {
      removed |= deleteLinkIfPresent(host, hostLink.get().index());
    }
    if (netnsPath != null && Files.exists(netnsPath)) {
      try (NetNamespace podNs = Rtnetlink.openNamespace(netnsPath); Netlink pod = Rtnetlink.openIn(podNs)) {
        Optional<Link> podLink = pod.linkByName(podInterface);
        if (podLink.isPresent() && podLink.get().isVeth()) {
          removed |= deleteLinkIfPresent(pod, podLink.get().index());
        }
      } catch (NetlinkException e) {
        if (!e.is(Errno.ENOENT)) { // the namespace went away after the exists() check
          throw kernelFailure("tear down " + podInterface + " in " + netnsPath, e);
        }
      }
    }
    return removed;
  }

  /** CNI CHECK: is everything {@link #setUp} builds still there and right? */
  public PodCheckResult check(PodNetworkSpec spec) {
    List<String> problems = new ArrayList<>();
    Optional<Link> maybeHost = host.linkByName(spec.hostInterface());
    if (maybeHost.isEmpty()) {
      return new PodCheckResult(List.of("host interface " + spec.hostInterface() + " is missing"));
    }
    Link hostLink = maybeHost.get();
    expect(problems, hostLink.isVeth(), "host interface " + spec.hostInterface() + " is not a veth");
    expect(problems, hostLink.isUp(), "host interface " + spec.hostInterface() + " is down");
    expect(problems, HOST_MAC.equals(hostLink.mac()), "host interface MAC is " + hostLink.mac() + ", not " + HOST_MAC);
    expect(problems, spec.mtu() == 0 || hostLink.mtu() == spec.mtu(), "host interface MTU is " + hostLink.mtu());
    Map<SysctlKey, String> sysctls = hostSysctls(spec.hostInterface(), spec.hasIpv4(), spec.hasIpv6());
    hostSysctls.read(sysctls.keySet()).forEach((k, v) ->
        expect(problems, sysctls.get(k).equals(v), "sysctl " + k + " is " + v + ", not " + sysctls.get(k)));
    if (!Files.exists(spec.netnsPath())) {
      problems.add("network namespace " + spec.netnsPath() + " is missing");
      return new PodCheckResult(problems);
    }
    try (NetNamespace podNs = Rtnetlink.openNamespace(spec.netnsPath()); Netlink pod = Rtnetlink.openIn(podNs)) {
      Optional<Link> maybePod = pod.linkByName(spec.podInterface());
      if (maybePod.isEmpty()) {
        problems.add("pod interface " + spec.podInterface() + " is missing");
        return new PodCheckResult(problems);
      }
      Link podLink = maybePod.get();
      expect(problems, isPair(hostLink, podLink), spec.podInterface() + " is not the peer of " + spec.hostInterface());
      expect(problems, podLink.isUp(), "pod interface " + spec.podInterface() + " is down");
      for (IPAddress a : spec.addresses()) {
        expect(problems, pod.hasAddress(podLink.index(), a), "pod address " + a + " is missing");
      }
      List<Route> podRoutes = new ArrayList<>();
      if (spec.hasIpv4()) {
        podRoutes.addAll(pod.listRoutes(IpFamily.V4));
        expectRoute(problems, podRoutes, IpFamily.prefix(IPV4_GATEWAY), null, podLink.index(), "pod");
        expectRoute(problems, podRoutes, IPV4_DEFAULT, IPV4_GATEWAY, podLink.index(), "pod");
      }
      if (spec.hasIpv6()) {
        podRoutes.addAll(pod.listRoutes(IpFamily.V6));
        expectRoute(problems, podRoutes, IPV6_DEFAULT, IPV6_GATEWAY, podLink.index(), "pod");
      }
      List<Neighbour> neighbours = new ArrayList<>();
      List<Route> hostRoutes = new ArrayList<>();
      for (IpFamily f : IpFamily.values()) {
        hostRoutes.addAll(host.listRoutes(f));
        neighbours.addAll(host.listNeighbours(f));
      }
      for (IPAddress a : spec.addresses()) {
        expectRoute(problems, hostRoutes, a, null, hostLink.index(), "host");
        expect(problems, neighbours.stream().anyMatch(n -> n.interfaceIndex() == hostLink.index()
                && n.address().equals(IpFamily.host(a)) && n.isPermanent() && podLink.mac().equals(n.mac())),
            "host neighbour entry " + IpFamily.host(a) + " lladdr " + podLink.mac() + " is missing");
      }
    } catch (NetlinkException e) {
      problems.add("cannot inspect " + spec.netnsPath() + ": " + e.getMessage());
    }
    return new PodCheckResult(problems);
  }

  private static void expectRoute(List<String> problems, List<Route> routes, IPAddress dst, IPAddress gateway,
      int ifindex, String where) {
    boolean found = routes.stream().anyMatch(r -> r.table() == RT_TABLE_MAIN && r.destination().equals(dst)
        && r.outputInterface() == ifindex && (gateway == null ? r.gateway() == null : gateway.equals(r.gateway())));
    expect(problems, found, where + " route " + dst + (gateway == null ? "" : " via " + gateway) + " is missing");
  }

  private static void expect(List<String> problems, boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  /** Do these two links form one veth pair (each one's IFLA_LINK is the other's index)? */
  private static boolean isPair(Link hostLink, Link podLink) {
    return hostLink.isVeth() && podLink.isVeth()
        && hostLink.peerIndex() == podLink.index() && podLink.peerIndex() == hostLink.index();
  }

  private static NetNamespace openPodNamespace(Path path) {
    try {
      return Rtnetlink.openNamespace(path);
    } catch (NetlinkException e) {
      if (e.is(Errno.ENOENT)) {
        throw new PodNetworkException(PodNetworkException.Reason.NAMESPACE_MISSING,
            "network namespace " + path + " does not exist", e);
      }
      throw kernelFailure("open " + path, e);
    }
  }

  private static boolean deleteLinkIfPresent(Netlink nl, int index) {
    try {
      nl.deleteLink(index);
      return true;
    } catch (NetlinkException e) {
      if (e.is(Errno.ENODEV)) {
        return false;
      }
      throw kernelFailure("delete link #" + index, e);
    }
  }

  private interface KernelCall<T> {
    T call();
  }

  private static <T> T kernel(String what, KernelCall<T> call) {
    try {
      return call.call();
    } catch (NetlinkException e) {
      throw kernelFailure(what, e);
    }
  }

  private static void kernel(String what, Runnable call) {
    kernel(what, () -> {
      call.run();
      return null;
    });
  }

  private static PodNetworkException kernelFailure(String what, NetlinkException e) {
    return new PodNetworkException(PodNetworkException.Reason.KERNEL, what + ": " + e.getMessage(), e);
  }
}
