package io.jcalico.felix.cni;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** In-memory IPAM: hands out 198.18.10.0/26 and fd00:10::/122 in order, with failures on demand. */
final class FakeIpAllocator implements IpAllocator {
  static final IPAddress BLOCK4 = new IPAddressString("198.18.10.0/26").getAddress();
  static final IPAddress BLOCK6 = new IPAddressString("fd00:10::/122").getAddress();

  final Map<String, List<IPAddress>> byHandle = new LinkedHashMap<>();
  final List<AssignRequest> requests = new ArrayList<>();
  private int next4 = 2;
  private int next6 = 2;
  AttachException failAssign;
  /** Run first in each assignment, as the time an etcd transaction takes. */
  Runnable duringAssign = () -> {};
  /** Assign the IPv4 address, then fail with failAssign before the IPv6 one. */
  boolean failAfterFirst;
  AttachException failRelease;
  AttachException failRead;

  @Override
  public synchronized List<IPAddress> autoAssign(AssignRequest r) throws AttachException {
    requests.add(r);
    duringAssign.run();
    if (failAssign != null && !failAfterFirst) {
      throw failAssign;
    }
    List<IPAddress> got = new ArrayList<>();
    for (int i = 0; i < r.num4(); i++) {
      got.add(take(r.handleId(), BLOCK4, next4++));
    }
    if (failAssign != null) {
      throw failAssign;
    }
    for (int i = 0; i < r.num6(); i++) {
      got.add(take(r.handleId(), BLOCK6, next6++));
    }
    return got;
  }

  /** Where companion writes go (null: this allocator makes none); true when one was created. */
  java.util.function.Predicate<EndpointWriter.PreparedWrite> companions;

  @Override
  public synchronized Assigned autoAssign(AssignRequest r,
      java.util.function.Function<List<IPAddress>, java.util.Optional<EndpointWriter.PreparedWrite>> companion)
      throws AttachException {
    List<IPAddress> got = autoAssign(r);
    if (companions == null) {
      return new Assigned(got, false);
    }
    return new Assigned(got, companion.apply(got).map(companions::test).orElse(false));
  }

  private IPAddress take(String handle, IPAddress block, int ordinal) {
    IPAddress ip = block.getLower().withoutPrefixLength().increment(ordinal)
        .setPrefixLength(block.getNetworkPrefixLength(), false);
    byHandle.computeIfAbsent(handle, h -> new ArrayList<>()).add(ip);
    return ip;
  }

  @Override
  public synchronized void releaseByHandle(String handleId) throws AttachException {
    if (failRelease != null) {
      throw failRelease;
    }
    byHandle.remove(handleId);
  }

  @Override
  public synchronized List<IPAddress> addressesByHandle(String handleId) throws AttachException {
    if (failRead != null) {
      throw failRead;
    }
    return List.copyOf(byHandle.getOrDefault(handleId, List.of()));
  }

  synchronized boolean holdsAnything() {
    return !byHandle.isEmpty();
  }
}
