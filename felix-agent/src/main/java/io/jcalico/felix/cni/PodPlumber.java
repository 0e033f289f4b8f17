package io.jcalico.felix.cni;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the CNI needs from the dataplane: Calico's veth pair for one pod. The host end
 * {@code hostIfName} gets MAC ee:ee:ee:ee:ee:ee, proxy ARP and a {@code <ip>/32 scope link} route
 * plus a permanent neighbour entry per address; the pod end, moved into {@code netns} and named
 * {@code podIfName}, gets the addresses, {@code 169.254.1.1 scope link} and the default route.
 */
public interface PodPlumber {

  /**
   * @param netns path of the pod's network namespace
   * @param addresses single-host prefixes (/32, /128)
   * @param mtu 0 for the default
   * @param podMac the MAC the pod interface gets, or null to let the kernel pick one
   */
  record PlumbRequest(String containerId, String netns, String podIfName, String hostIfName,
      List<IPAddress> addresses, int mtu, MACAddress podMac) {
    public PlumbRequest {
      addresses = List.copyOf(addresses);
    }

    /** The pair these addresses go on. */
    public PairRequest pair() {
      return new PairRequest(containerId, netns, podIfName, hostIfName, mtu, podMac,
          addresses.stream().anyMatch(IPAddress::isIPv4), addresses.stream().anyMatch(IPAddress::isIPv6));
    }
  }

  /**
   * The pair without its addresses, for {@link #createPair}: what ADD can make before IPAM
   * answers.
   *
   * @param ipv4 whether IPv4 addresses will follow (its sysctls and gateway routes are set up)
   * @param ipv6 the same for IPv6
   */
  record PairRequest(String containerId, String netns, String podIfName, String hostIfName, int mtu,
      MACAddress podMac, boolean ipv4, boolean ipv6) {}

  /**
   * A pair {@link #createPair} made, waiting for {@link #addAddresses}. Closing it frees what the
   * plumber holds for it, not the pair ({@link #tearDown} removes that).
   */
  interface Pair extends AutoCloseable {
    PairRequest request();

    @Override
    void close();
  }

  /**
   * What {@link #setUp} made, for the CNI result: both MACs and the routes inside the pod.
   *
   * @param hostMac null when unknown (CHECK from a result without it)
   * @param podMac null when unknown
   */
  record PlumbedPod(MACAddress hostMac, MACAddress podMac, List<Route> podRoutes) {
    public PlumbedPod {
      podRoutes = List.copyOf(podRoutes);
    }
  }

  /**
   * @param netns empty when the runtime no longer knows it (DEL after the namespace is gone)
   * @param hostIfName the host end to remove by name; empty when that name may now belong to a
   *     newer sandbox of the same pod, so only the end inside {@code netns} may be removed
   */
  record TeardownRequest(String netns, String podIfName, Optional<String> hostIfName) {
    public TeardownRequest {
      Objects.requireNonNull(netns, "netns");
      Objects.requireNonNull(hostIfName, "hostIfName");
    }
  }

  /**
   * Creates and configures the pair, everything but the addresses. Throws
   * {@link InterfaceInUseException} when an interface name it needs is taken (and then leaves it
   * alone). A failure removes what it made.
   */
  Pair createPair(PairRequest request) throws AttachException;

  /**
   * Gives the pair its addresses (of the families it was created for), with the host's routes and
   * neighbour entries for them. A failure removes the pair if {@link #createPair} created it.
   */
  PlumbedPod addAddresses(Pair pair, List<IPAddress> addresses) throws AttachException;

  /** {@link #createPair} then {@link #addAddresses}. */
  default PlumbedPod setUp(PlumbRequest request) throws AttachException {
    try (Pair pair = createPair(request.pair())) {
      return addAddresses(pair, request.addresses());
    }
  }

  /** Removes whatever of the pair still exists; nothing left is success, and so is a second call. */
  void tearDown(TeardownRequest request) throws AttachException;

  /** Compares the kernel with what ADD made; returns each difference, empty when none. */
  List<String> check(PlumbRequest request, PlumbedPod expected) throws AttachException;
}
