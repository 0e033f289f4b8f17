package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.CHECK_FAILED;
import static io.jcalico.felix.cni.CniErrorCode.IPAM_FAILURE;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.cni.IpAllocator.AssignRequest;
import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * calico-ipam: addresses by handle. The {@code calico} plugin uses it in-process; the
 * {@code calico-ipam} executable (for other main plugins) reaches it through {@link #add},
 * {@link #del} and {@link #check}.
 */
public final class IpamPlugin {
  private final IpAllocator allocator;
  private final Clock clock;

  public IpamPlugin(IpAllocator allocator, Clock clock) {
    this.allocator = allocator;
    this.clock = clock;
  }

  /**
   * Assigns what the config asks for (by default one IPv4 address), each with its block's prefix
   * length. On failure nothing stays assigned under the handle.
   */
  public List<IPAddress> assign(Attachment a) throws CniException {
    return assign(a, addresses -> Optional.empty()).addresses();
  }

  /**
   * {@link #assign(Attachment)}, with the key {@code companion} gives for the addresses created
   * in the same datastore transaction when the allocator can (see {@link IpAllocator}).
   */
  public IpAllocator.Assigned assign(Attachment a,
      Function<List<IPAddress>, Optional<EndpointWriter.PreparedWrite>> companion) throws CniException {
    NetConf.Ipam ipam = a.conf().ipam();
    int num4 = ipam.assignIpv4() ? 1 : 0;
    int num6 = ipam.assignIpv6() ? 1 : 0;
    AssignRequest request = new AssignRequest(
        a.handleId(), a.node(), num4, num6, ipam.ipv4Pools(), ipam.ipv6Pools(), attributes(a));
    IpAllocator.Assigned assigned;
    try {
      assigned = Step.IPAM.call("assigning addresses for " + a.handleId(), () -> allocator.autoAssign(request, companion));
      long v4 = assigned.addresses().stream().filter(IPAddress::isIPv4).count();
      if (v4 != num4 || assigned.addresses().size() - v4 != num6) {
        throw new CniException(IPAM_FAILURE, "IPAM assigned the wrong addresses",
            "wanted " + num4 + " IPv4 and " + num6 + " IPv6, got " + assigned.addresses());
      }
    } catch (CniException e) {
      List<String> failures = new ArrayList<>();
      try {
        allocator.releaseByHandle(a.handleId());
      } catch (AttachException | RuntimeException re) {
        failures.add("release " + a.handleId() + ": " + re.getMessage());
      }
      throw Step.withRollbackFailures(e, failures);
    }
    return assigned;
  }

  public void release(Attachment a) throws CniException {
    Step.IPAM.run("releasing " + a.handleId(), () -> allocator.releaseByHandle(a.handleId()));
  }

  /** Each expected address the handle does not hold, as a sentence. */
  public List<String> differences(Attachment a, List<IPAddress> expected) throws CniException {
    Set<IPAddress> held = Step.IPAM.call("reading " + a.handleId(), () -> allocator.addressesByHandle(a.handleId()))
        .stream().map(IPAddress::withoutPrefixLength).collect(Collectors.toSet());
    List<String> problems = new ArrayList<>();
    for (IPAddress ip : expected) {
      if (!held.contains(ip.withoutPrefixLength())) {
        problems.add("IPAM handle " + a.handleId() + " does not hold " + ip.withoutPrefixLength().toCanonicalString());
      }
    }
    return problems;
  }

  public CniResult add(Attachment a) throws CniException {
    return CniResult.ipsOnly(assign(a).stream().map(ip -> new CniResult.IpConfig(ip, null, null)).toList());
  }

  public void del(Attachment a) throws CniException {
    release(a);
  }

  public void check(Attachment a, CniResult prev) throws CniException {
    List<String> problems = differences(a, prev.ips().stream().map(CniResult.IpConfig::address).toList());
    if (!problems.isEmpty()) {
      throw new CniException(CHECK_FAILED, "CHECK found differences", String.join("; ", problems));
    }
  }

  /** Stored with each allocation, as Calico stores them, so leaks can be traced to a workload. */
  private Map<String, String> attributes(Attachment a) {
    Map<String, String> attrs = new LinkedHashMap<>();
    attrs.put("node", a.node());
    a.pod().map(PodRef::namespace).ifPresent(ns -> attrs.put("namespace", ns));
    a.pod().map(PodRef::name).ifPresent(pod -> attrs.put("pod", pod));
    attrs.put("timestamp", clock.instant().toString());
    return attrs;
  }
}
