package io.jcalico.felix.wiring;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.felix.cni.InterfaceInUseException;
import io.jcalico.felix.cni.PodPlumber;
import io.jcalico.felix.cni.Route;
import io.jcalico.felix.driver.pod.PodAttachment;
import io.jcalico.felix.driver.pod.PodCheckResult;
import io.jcalico.felix.driver.pod.PodNetworkException;
import io.jcalico.felix.driver.pod.PodNetworkPlumber;
import io.jcalico.felix.driver.pod.PodNetworkPlumber.PreparedPair;
import io.jcalico.felix.driver.pod.PodPairSpec;
import io.jcalico.felix.driver.pod.PodNetworkSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The CNI's plumber on the kernel: the veth via {@link PodNetworkPlumber}, and the pod's host
 * routes desired in {@link PodRoutes} before they are added (so the route reconciler owns them
 * and a resync in between cannot take them for leftovers).
 */
public final class KernelPodPlumber implements PodPlumber {
  private static final IPAddress DEFAULT_V4 = new IPAddressString("0.0.0.0/0").getAddress();
  private static final IPAddress DEFAULT_V6 = new IPAddressString("::/0").getAddress();

  private final PodNetworkPlumber plumber;
  private final PodRoutes routes;

  public KernelPodPlumber(PodNetworkPlumber plumber, PodRoutes routes) {
    this.plumber = plumber;
    this.routes = routes;
  }

  @Override
  public Pair createPair(PairRequest r) throws AttachException {
    try {
      PreparedPair prepared = plumber.prepare(new PodPairSpec(Path.of(r.netns()), r.hostIfName(), r.podIfName(),
          r.mtu(), r.podMac(), r.ipv4(), r.ipv6()));
      return new KernelPair(r, prepared);
    } catch (PodNetworkException e) {
      throw translate(e, r.hostIfName(), r.podIfName());
    }
  }

  /** A pair and the namespace handle {@link PodNetworkPlumber#attach} needs. */
  private record KernelPair(PairRequest request, PreparedPair prepared) implements Pair {
    @Override
    public void close() {
      prepared.close();
    }
  }

  @Override
  public PlumbedPod addAddresses(Pair pair, List<IPAddress> addresses) throws AttachException {
    PairRequest r = pair.request();
    routes.expect(r.hostIfName(), addresses);
    try {
      PodAttachment a = plumber.attach(((KernelPair) pair).prepared(), addresses);
      routes.interfaceReady(r.hostIfName(), a.hostIndex());
      List<Route> podRoutes = new ArrayList<>();
      if (a.ipv4Gateway() != null) {
        podRoutes.add(new Route(DEFAULT_V4, a.ipv4Gateway()));
      }
      if (a.ipv6Gateway() != null) {
        podRoutes.add(new Route(DEFAULT_V6, a.ipv6Gateway()));
      }
      return new PlumbedPod(a.hostMac(), a.podMac(), podRoutes);
    } catch (PodNetworkException e) {
      routes.remove(r.hostIfName());
      throw translate(e, r.hostIfName(), r.podIfName());
    }
  }

  @Override
  public void tearDown(TeardownRequest r) throws AttachException {
    try {
      Path netns = r.netns().isEmpty() ? null : Path.of(r.netns());
      plumber.tearDown(r.hostIfName().orElse(null), netns, r.podIfName());
      r.hostIfName().ifPresent(routes::remove);
    } catch (PodNetworkException e) {
      throw translate(e, r.hostIfName().orElse(""), r.podIfName());
    }
  }

  @Override
  public List<String> check(PlumbRequest r, PlumbedPod expected) throws AttachException {
    try {
      PodCheckResult c = plumber.check(spec(r));
      return c.problems();
    } catch (PodNetworkException e) {
      throw translate(e, r.hostIfName(), r.podIfName());
    }
  }

  private static PodNetworkSpec spec(PlumbRequest r) {
    List<IPAddress> addrs = r.addresses();
    return new PodNetworkSpec(Path.of(r.netns()), r.hostIfName(), r.podIfName(), addrs, r.mtu(), r.podMac());
  }

  private static AttachException translate(PodNetworkException e, String hostIf, String podIf) {
    return switch (e.reason()) {
      case INTERFACE_NAME_TAKEN -> new InterfaceInUseException(podIf, e.getMessage());
      case NAMESPACE_MISSING -> new AttachException(e.getMessage(), false, e);
      case ROUTE_CONFLICT, KERNEL -> new AttachException("dataplane: " + e.getMessage(), false, e);
    };
  }
}
