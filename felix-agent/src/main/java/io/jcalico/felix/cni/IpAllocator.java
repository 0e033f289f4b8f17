package io.jcalico.felix.cni;

import inet.ipaddr.IPAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** What the CNI needs from IPAM: assignment and release keyed by an allocation handle. */
public interface IpAllocator {

  /**
   * @param handleId Calico's {@code <network name>.<container ID>}
   * @param attributes stored with each allocation (namespace, node, pod, timestamp)
   * @param ipv4Pools pool names or CIDRs to restrict to; empty for any enabled pool
   */
  record AssignRequest(String handleId, String node, int num4, int num6, List<String> ipv4Pools,
      List<String> ipv6Pools, Map<String, String> attributes) {
    public AssignRequest {
      ipv4Pools = List.copyOf(ipv4Pools);
      ipv6Pools = List.copyOf(ipv6Pools);
      attributes = Map.copyOf(attributes);
    }
  }

  /**
   * Assigns {@code num4} IPv4 and {@code num6} IPv6 addresses recorded under the handle, each
   * returned as a single-host prefix (/32, /128), as Calico's IPAM plugin returns them. Either all are assigned or it throws; whatever
   * it assigned before throwing is released by {@link #releaseByHandle} (the caller does that).
   */
  List<IPAddress> autoAssign(AssignRequest request) throws AttachException;

  /**
   * What {@link #autoAssign(AssignRequest, Function)} did.
   *
   * @param companionCreated whether the companion was created with the addresses
   */
  record Assigned(List<IPAddress> addresses, boolean companionCreated) {
    public Assigned {
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * {@link #autoAssign(AssignRequest)}, also creating the key {@code companion} gives for the
   * addresses in the same datastore transaction when it can (one write for both).
   */
  default Assigned autoAssign(AssignRequest request, Function<List<IPAddress>, Optional<EndpointWriter.PreparedWrite>> companion)
      throws AttachException {
    return new Assigned(autoAssign(request), false);
  }

  /** Releases every address held by the handle. A handle holding nothing is success. */
  void releaseByHandle(String handleId) throws AttachException;

  /** The addresses the handle holds now; empty when none. */
  List<IPAddress> addressesByHandle(String handleId) throws AttachException;
}
