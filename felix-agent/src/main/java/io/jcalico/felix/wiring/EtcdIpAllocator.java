package io.jcalico.felix.wiring;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.felix.cni.IpAllocator;
import io.jcalico.ipam.AssignedIps;
import io.jcalico.ipam.AutoAssignArgs;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.IpamException;
import io.jcalico.ipam.model.BlockAllocation;
import java.util.ArrayList;
import java.util.List;

/** The CNI's allocator on etcd IPAM; pools may be named by IPPool name or CIDR, as in Calico's conflist. */
public final class EtcdIpAllocator implements IpAllocator {
  private final Ipam ipam;
  private final ResourceStore store;

  public EtcdIpAllocator(Ipam ipam, ResourceStore store) {
    this.ipam = ipam;
    this.store = store;
  }

  @Override
  public List<IPAddress> autoAssign(AssignRequest r) throws AttachException {
    List<IPAddress> v4 = pools(r.ipv4Pools());
    List<IPAddress> v6 = pools(r.ipv6Pools());
    AssignedIps got = call(() -> ipam.autoAssign(new AutoAssignArgs(r.num4(), r.num6(), r.handleId(), r.attributes(),
        r.node(), null, v4, v6)));
    List<IPAddress> out = new ArrayList<>();
    for (BlockAllocation a : got.all()) {
      out.add(a.address().withoutPrefixLength().setPrefixLength(a.address().getBitCount(), false));
    }
    return out;
  }

  @Override
  public void releaseByHandle(String handleId) throws AttachException {
    call(() -> ipam.releaseByHandle(handleId));
  }

  @Override
  public List<IPAddress> addressesByHandle(String handleId) throws AttachException {
    return call(() -> ipam.ipsByHandle(handleId));
  }

  private List<IPAddress> pools(List<String> namesOrCidrs) throws AttachException {
    List<IPAddress> out = new ArrayList<>();
    for (String p : namesOrCidrs) {
      IPAddress cidr = new IPAddressString(p).getAddress();
      if (cidr == null) {
        IPPool pool = (IPPool) call(() -> store.get(ResourceKind.IP_POOL, null, p)).orElseThrow(
            () -> new AttachException("the IP pool " + p + " named in the network config does not exist", false));
        cidr = new IPAddressString(pool.spec().cidr()).getAddress();
      }
      out.add(cidr);
    }
    return out;
  }

  private interface Call<T> {
    T run();
  }

  private static <T> T call(Call<T> c) throws AttachException {
    try {
      return c.run();
    } catch (DatastoreException.Unavailable e) {
      throw new AttachException(e.getMessage(), true, e);
    } catch (IpamException | DatastoreException e) {
      throw new AttachException("IPAM: " + e.getMessage(), false, e);
    }
  }
}
