package io.jcalico.felix.driver.route;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import io.jcalico.felix.driver.KernelTableReconciler;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.Neighbour;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.shim.Scheduler;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of permanent ARP/NDP entries for local pods: {@code <pod ip> lladdr <pod mac>
 * dev caliX nud permanent}, so the host never has to resolve a pod it routes to. Same rules as
 * {@link RouteReconciler} (adoption at start, deletion only once in sync, periodic resync,
 * waiting for missing interfaces). Ownership: permanent entries whose NDA_PROTOCOL is ours
 * (kernels before 5.10 do not keep NDA_PROTOCOL: there entries are rewritten but never deleted).
 */
public final class NeighbourReconciler
    extends KernelTableReconciler<NeighbourReconciler.Key, MACAddress, NeighbourReconciler.Entry> {

  /** An entry's identity in the kernel: interface and IP address. */
  public record Key(String interfaceName, IPAddress address) {
    public Key {
      address = IpFamily.host(address);
    }
  }

  /** A normalized entry: where it is (ifindex, as interfaces are recreated) and its MAC. */
  public record Entry(int interfaceIndex, MACAddress mac) {}

  private final Netlink netlink;
  private final int protocol;
  private final Map<String, Integer> ifindexByName = new HashMap<>();

  public NeighbourReconciler(Netlink netlink, Scheduler scheduler, int protocol, Settings settings) {
    super("neighbours(proto " + protocol + ")", scheduler, settings);
    this.netlink = netlink;
    this.protocol = protocol;
  }

  public void setEntry(String interfaceName, IPAddress address, MACAddress mac) {
    set(new Key(interfaceName, address), mac);
  }

  public void removeEntry(String interfaceName, IPAddress address) {
    remove(new Key(interfaceName, address));
  }

  /** An interface appeared or was recreated: rewrite its entries now. */
  public synchronized void interfaceChanged(String interfaceName) {
    ifindexByName.remove(interfaceName);
    markDirtyByName(interfaceName);
  }

  private void markDirtyByName(String interfaceName) {
    markDirtyKeys(k -> k.interfaceName().equals(interfaceName));
  }

  @Override
  protected synchronized Map<Key, Entry> readOwned() {
    Map<Integer, String> names = new HashMap<>();
    ifindexByName.clear();
    for (Link l : netlink.listLinks()) {
      names.put(l.index(), l.name());
      ifindexByName.put(l.name(), l.index());
    }
    Map<Key, Entry> owned = new HashMap<>();
    for (IpFamily family : IpFamily.values()) {
      for (Neighbour n : netlink.listNeighbours(family)) {
        String name = names.get(n.interfaceIndex());
        if (n.isPermanent() && n.protocol() == protocol && name != null && n.mac() != null) {
          owned.put(new Key(name, n.address()), new Entry(n.interfaceIndex(), n.mac()));
        }
      }
    }
    return owned;
  }

  @Override
  protected synchronized Resolution<Entry> resolve(Key key, MACAddress mac) {
    Integer index = ifindexByName.get(key.interfaceName());
    if (index == null) {
      Optional<Link> link = netlink.linkByName(key.interfaceName());
      if (link.isEmpty()) {
        return Resolution.waitFor("interface " + key.interfaceName() + " missing");
      }
      index = link.get().index();
      ifindexByName.put(key.interfaceName(), index);
    }
    return Resolution.of(new Entry(index, mac));
  }

  @Override
  protected void forgetResolution(Key key, MACAddress target) {
    interfaceChanged(key.interfaceName());
  }

  @Override
  protected void write(Key key, Entry value, boolean ours) {
    netlink.replaceNeighbour(Neighbour.permanent(value.interfaceIndex(), key.address(), value.mac(), protocol));
  }

  @Override
  protected void delete(Key key, Entry actual) {
    netlink.deleteNeighbour(Neighbour.permanent(actual.interfaceIndex(), key.address(), actual.mac(), protocol));
  }
}
