package io.jcalico.felix.wiring;

import com.google.common.collect.ImmutableMap;
import inet.ipaddr.IPAddress;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.driver.route.RouteTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The desired per-pod host routes ({@code <ip>/32 dev caliX scope link}) in the route reconciler,
 * by host interface. Fed by CNI ADD/DEL as they happen, and by this node's WorkloadEndpoints
 * from the datastore (after a restart, that is where they come from).
 */
public final class PodRoutes {
  private final RouteReconciler reconciler;
  private final Map<String, List<IPAddress>> byInterface = new HashMap<>();

  public PodRoutes(RouteReconciler reconciler) {
    this.reconciler = reconciler;
  }

  public synchronized void add(String hostIf, List<IPAddress> addresses) {
    expect(hostIf, addresses);
    reconciler.applySoon();
  }

  /**
   * Desires the routes of an interface the CNI is about to create, without an apply: nothing can
   * be written before {@link #interfaceReady}, and an apply racing the CNI's own write of the
   * routes would only collide with it.
   */
  public synchronized void expect(String hostIf, List<IPAddress> addresses) {
    remove(hostIf);
    byInterface.put(hostIf, List.copyOf(addresses));
    for (IPAddress a : addresses) reconciler.setRoute(new RouteTarget.Device(a, hostIf));
  }

  public synchronized void remove(String hostIf) {
    List<IPAddress> old = byInterface.remove(hostIf);
    if (old != null) {
      old.forEach(reconciler::removeRoute);
      reconciler.applySoon();
    }
  }

  /**
   * The interface exists now, with index {@code ifindex}, and the CNI plumbing wrote its routes
   * itself: the reconciler takes them as written and checks them on its next apply.
   */
  public void interfaceReady(String hostIf, int ifindex) {
    List<IPAddress> addresses;
    synchronized (this) {
      addresses = byInterface.getOrDefault(hostIf, List.of());
    }
    reconciler.interfaceChanged(hostIf); // routes that waited for it are tried again (first: it forgets the index)
    for (IPAddress a : addresses) reconciler.noteWritten(new RouteTarget.Device(a, hostIf), ifindex);
    reconciler.applySoon();
  }

  /** Replaces everything with what the datastore says this node's endpoints are. */
  public synchronized void replaceAll(Map<String, List<IPAddress>> endpoints) {
    for (String hostIf : List.copyOf(byInterface.keySet())) {
      if (!endpoints.containsKey(hostIf)) remove(hostIf);
    }
    endpoints.forEach((hostIf, addrs) -> {
      if (!addrs.equals(byInterface.get(hostIf))) add(hostIf, addrs);
    });
  }

  public synchronized Map<String, List<IPAddress>> snapshot() {
    return ImmutableMap.copyOf(byInterface);
  }
}
