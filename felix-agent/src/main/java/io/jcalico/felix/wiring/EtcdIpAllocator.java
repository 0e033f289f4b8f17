package io.jcalico.felix.wiring;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.felix.cni.EndpointWriter;
import io.jcalico.felix.cni.IpAllocator;
import io.jcalico.ipam.AutoAssignArgs;
import io.jcalico.ipam.CompanionWrite;
import io.jcalico.ipam.Ipam;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

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
    return autoAssign(r, addresses -> Optional.empty()).addresses();
  }

  @Override
  public Assigned autoAssign(AssignRequest r, Function<List<IPAddress>, Optional<EndpointWriter.PreparedWrite>> companion)
      throws AttachException {
    AutoAssignArgs args = new AutoAssignArgs(r.num4(), r.num6(), r.handleId(), r.attributes(), r.node(), null,
        pools(r.ipv4Pools()), pools(r.ipv6Pools()));
    CompanionWrite.Assigned got = DatastoreCalls.call("IPAM", () -> ipam.autoAssign(args,
        addresses -> companion.apply(addresses.stream().map(EtcdIpAllocator::singleHost).toList())
            .map(w -> new CompanionWrite(w.key(), w.value()))));
    return new Assigned(got.ips().all().stream().map(a -> singleHost(a.address())).toList(), got.companionCreated());
  }

  private static IPAddress singleHost(IPAddress a) {
    return a.withoutPrefixLength().setPrefixLength(a.getBitCount(), false);
  }

  @Override
  public void releaseByHandle(String handleId) throws AttachException {
    DatastoreCalls.call("IPAM", () -> ipam.releaseByHandle(handleId));
  }

  @Override
  public List<IPAddress> addressesByHandle(String handleId) throws AttachException {
    return DatastoreCalls.call("IPAM", () -> ipam.ipsByHandle(handleId));
  }

  private List<IPAddress> pools(List<String> namesOrCidrs) throws AttachException {
    List<IPAddress> out = new ArrayList<>();
    for (String p : namesOrCidrs) {
      IPAddress cidr = new IPAddressString(p).getAddress();
      if (cidr == null) {
        IPPool pool = (IPPool) DatastoreCalls.call("IPAM", () -> store.get(ResourceKind.IP_POOL, null, p)).orElseThrow(
            () -> new AttachException("the IP pool " + p + " named in the network config does not exist", false));
        cidr = new IPAddressString(pool.spec().cidr()).getAddress();
      }
      out.add(cidr);
    }
    return out;
  }


}
