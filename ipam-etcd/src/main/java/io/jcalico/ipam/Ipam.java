package io.jcalico.ipam;

import inet.ipaddr.IPAddress;
import io.jcalico.ipam.check.CheckReport;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.ReleaseRequest;
import io.jcalico.ipam.usage.UsageReport;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Calico-compatible IP address management: addresses come from blocks affine to the asking host,
 * new blocks are claimed as needed (up to maxBlocksPerHost), and other hosts' blocks are borrowed
 * from only when strict affinity is off. An address is never handed out twice: every change is
 * one etcd transaction that compares the revision of every key it writes.
 *
 * <p>Datastore failures surface as {@link io.jcalico.datastore.store.DatastoreException}
 * (unreachable etcd: {@code Unavailable}, within the client's timeout); IPAM's own refusals as
 * {@link IpamException}. After a datastore failure during an allocation the caller cannot know
 * whether it took effect and should release by handle (as Calico's CNI plugin does).
 */
public interface Ipam extends AutoCloseable {

  /** Assigns num4 IPv4 and num6 IPv6 addresses to a handle; all or nothing. */
  AssignedIps autoAssign(AutoAssignArgs args);

  /**
   * {@link #autoAssign(AutoAssignArgs)}, and the key {@code companion} gives for the assigned
   * addresses created in the same transaction as the write that completes the allocation: one
   * etcd write instead of two for a caller that stores a record of the addresses. Left out (and
   * {@link CompanionWrite.Assigned#companionCreated} false) when the function gives none or the key
   * exists already; the caller then writes its record its own way.
   */
  CompanionWrite.Assigned autoAssign(AutoAssignArgs args, Function<List<IPAddress>, Optional<CompanionWrite>> companion);

  /** Assigns one given address (claiming its block for the host if nobody has it). */
  BlockAllocation assignIp(IPAddress ip, String handleId, Map<String, String> attrs, String host);

  /** Releases every address of a handle and the handle; empty when it held none (so a repeated DEL is harmless). */
  List<BlockAllocation> releaseByHandle(String handleId);

  /**
   * Releases addresses. Requests that quote a handle or sequence number that no longer match fail
   * with {@link IpamException.StaleRelease} and release nothing in that block.
   */
  ReleaseResult releaseIps(List<ReleaseRequest> requests);

  /** What releaseIps did. */
  record ReleaseResult(List<BlockAllocation> released, List<IPAddress> notAssigned) {
    public ReleaseResult {
      released = List.copyOf(released);
      notAssigned = List.copyOf(notAssigned);
    }
  }

  /**
   * Drops every block affinity of a host (a node that is gone): empty blocks are deleted, blocks
   * still in use stay without owner until their last address is released. Returns how many.
   */
  int releaseAffinities(String host);

  List<IPAddress> ipsByHandle(String handleId);

  /** The handle, attributes and sequence number of an address in use. */
  Optional<BlockAllocation> getAssignmentAttributes(IPAddress ip);

  /**
   * Allocations whose handle is not live: candidates for garbage collection. Infrastructure
   * allocations (tunnel addresses, reserved ones) are never candidates.
   */
  default List<Leak> findLeaks(Set<String> liveHandles) {
    return findLeaks(liveHandles, null);
  }

  /**
   * As {@link #findLeaks(Set)}, but an allocation whose attributes name a live pod
   * ("namespace/pod") is not a leak even if its handle is unknown (a handle format that changed,
   * Calico #5044). livePods null: not known.
   */
  List<Leak> findLeaks(Set<String> liveHandles, Set<String> livePods);

  /** Inconsistencies in the stored IPAM data. */
  CheckReport check();

  /** Use per pool and per block, for {@code calicoctl ipam show}. */
  UsageReport usage();

  IpamConfig getConfig();

  IpamConfig setConfig(IpamConfig config);

  /** Every IPAM value at one revision. */
  IpamSnapshot snapshot();

  @Override
  void close();
}
