package io.jcalico.felix.cni;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import inet.ipaddr.mac.MACAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A kernel of veth pairs in a map: host end name → what setUp made. */
final class FakePodPlumber implements PodPlumber {
  static final MACAddress HOST_MAC = new MACAddressString("ee:ee:ee:ee:ee:ee").getAddress();
  static final MACAddress POD_MAC = new MACAddressString("0a:58:c6:12:0a:02").getAddress();
  static final IPAddress LINK_LOCAL_GW = new IPAddressString("169.254.1.1").getAddress();
  static final IPAddress V6_GW = new IPAddressString("fe80::ecee:eeff:feee:eeee").getAddress();

  record Link(String netns, String podIfName, List<IPAddress> addresses, boolean ours) {}

  final Map<String, Link> links = new LinkedHashMap<>();
  final List<TeardownRequest> teardowns = new ArrayList<>();
  /** A permit per pair made. */
  final java.util.concurrent.Semaphore pairsMade = new java.util.concurrent.Semaphore(0);
  AttachException failSetUp;
  AttachException failTearDown;
  /** Thrown by createPair before anything is made, as a bug in the dataplane code would. */
  RuntimeException bug;

  /** A link of that name owned by something else (another pod's leftover, a user's device). */
  synchronized void occupy(String hostIfName) {
    links.put(hostIfName, new Link("", "", List.of(), false));
  }

  /** A pair the fake made, not yet addressed. */
  record FakePair(PairRequest request) implements Pair {
    @Override
    public void close() {}
  }

  @Override
  public synchronized Pair createPair(PairRequest r) throws AttachException {
    if (bug != null) {
      throw bug;
    }
    if (links.containsKey(r.hostIfName())) {
      throw new InterfaceInUseException(r.hostIfName(), "link " + r.hostIfName() + " exists (index 7)");
    }
    links.put(r.hostIfName(), new Link(r.netns(), r.podIfName(), List.of(), true));
    pairsMade.release();
    return new FakePair(r);
  }

  @Override
  public synchronized PlumbedPod addAddresses(Pair pair, List<IPAddress> addresses) throws AttachException {
    PairRequest r = pair.request();
    links.put(r.hostIfName(), new Link(r.netns(), r.podIfName(), addresses, true));
    // fails after the pair exists, as a failed address add would leave it
    if (failSetUp != null) {
      throw failSetUp;
    }
    return new PlumbedPod(HOST_MAC, r.podMac() == null ? POD_MAC : r.podMac(), routesFor(addresses));
  }

  static List<Route> routesFor(List<IPAddress> addresses) {
    List<Route> routes = new ArrayList<>();
    if (addresses.stream().anyMatch(IPAddress::isIPv4)) {
      routes.add(new Route(new IPAddressString("0.0.0.0/0").getAddress(), LINK_LOCAL_GW));
    }
    if (addresses.stream().anyMatch(IPAddress::isIPv6)) {
      routes.add(new Route(new IPAddressString("::/0").getAddress(), V6_GW));
    }
    return routes;
  }

  @Override
  public synchronized void tearDown(TeardownRequest r) throws AttachException {
    teardowns.add(r);
    if (failTearDown != null) {
      throw failTearDown;
    }
    if (r.hostIfName().isPresent()) {
      Link l = links.get(r.hostIfName().get());
      if (l != null && l.ours()) {
        links.remove(r.hostIfName().get());
      }
    } else {
      // only the pod end, found through its namespace: deleting it deletes the pair
      links.values().removeIf(l -> l.ours() && !r.netns().isEmpty() && l.netns().equals(r.netns())
          && l.podIfName().equals(r.podIfName()));
    }
  }

  @Override
  public synchronized List<String> check(PlumbRequest r, PlumbedPod expected) {
    Link l = links.get(r.hostIfName());
    if (l == null || !l.ours()) {
      return List.of("link " + r.hostIfName() + " does not exist");
    }
    List<String> problems = new ArrayList<>();
    if (!l.netns().equals(r.netns()) || !l.podIfName().equals(r.podIfName())) {
      problems.add("peer of " + r.hostIfName() + " is " + l.podIfName() + " in " + l.netns());
    }
    if (!l.addresses().equals(r.addresses())) {
      problems.add(r.podIfName() + " has " + l.addresses() + ", want " + r.addresses());
    }
    if (!expected.podRoutes().equals(routesFor(l.addresses()))) {
      problems.add("routes differ: " + expected.podRoutes());
    }
    return problems;
  }
}
