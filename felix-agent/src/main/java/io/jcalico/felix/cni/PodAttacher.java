package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.CHECK_FAILED;
import static io.jcalico.felix.cni.CniErrorCode.INVALID_NETWORK_CONFIG;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.cni.PodPlumber.PlumbRequest;
import io.jcalico.felix.cni.PodPlumber.PlumbedPod;
import io.jcalico.felix.cni.PodPlumber.TeardownRequest;
import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The {@code calico} plugin's work for one container, against three narrow collaborators.
 *
 * <pre>
 * ADD    assign (IPAM) ──► veth pair (dataplane) ──► WorkloadEndpoint (datastore) ──► result
 *          ▲ undo: release   ▲ undo: tear down        ▲ undo: delete
 *          └──────── a failure at any step runs the undos of the steps before it, newest first
 * DEL    read endpoint ──► tear down ──► delete endpoint ──► release      (every step tried,
 *                                                                          missing is fine)
 * CHECK  prevResult vs. IPAM handle, endpoint and kernel
 * </pre>
 */
public final class PodAttacher {
  private final IpamPlugin ipam;
  private final PodPlumber plumber;
  private final EndpointWriter endpoints;

  public PodAttacher(IpamPlugin ipam, PodPlumber plumber, EndpointWriter endpoints) {
    this.ipam = ipam;
    this.plumber = plumber;
    this.endpoints = endpoints;
  }

  public CniResult add(Attachment a) throws CniException {
    Rollback rollback = new Rollback();
    try {
      List<IPAddress> addresses = ipam.assign(a).stream().map(PodAttacher::singleHost).toList();
      rollback.push("release " + a.handleId(), () -> ipam.release(a));

      PlumbRequest plumb = plumbRequest(a, addresses);
      rollback.push("remove " + a.hostIfName(), () -> plumber.tearDown(teardown(a, true)));
      PlumbedPod plumbed;
      try {
        plumbed = plumber.setUp(plumb);
      } catch (InterfaceInUseException e) {
        rollback.dropLast(); // the name belongs to someone else: not ours to remove
        throw Step.DATAPLANE.toCni("", e);
      } catch (AttachException e) {
        throw Step.DATAPLANE.toCni("creating " + a.hostIfName(), e);
      }

      PodEndpoint endpoint = endpoint(a, plumbed, addresses);
      rollback.push("delete WorkloadEndpoint " + endpoint.name(),
          () -> endpoints.delete(endpoint.namespace(), endpoint.name()));
      Step.DATASTORE.run("writing WorkloadEndpoint " + endpoint.name(), () -> endpoints.write(endpoint));

      return new CniResult(
          List.of(new CniResult.Interface(a.hostIfName(), plumbed.hostMac(), ""),
              new CniResult.Interface(a.ifName(), plumbed.podMac(), a.netns())),
          addresses.stream().map(ip -> new CniResult.IpConfig(ip, null, 1)).toList(),
          plumbed.podRoutes(),
          a.conf().dns());
    } catch (CniException e) {
      throw Step.withRollbackFailures(e, rollback.unwind());
    } catch (RuntimeException e) {
      rollback.unwind();
      throw e;
    }
  }

  /**
   * Removes whatever is left of the attachment. Every step is tried even when one fails; the
   * error then names them all, and the runtime's retry finishes the job.
   */
  public void del(Attachment a) throws CniException {
    List<CniException> errors = new ArrayList<>();
    String ns = a.endpointNamespace();
    String name = a.endpointName();
    Optional<PodEndpoint> existing = Optional.empty();
    boolean known = true;
    try {
      existing = Step.DATASTORE.call("reading WorkloadEndpoint " + name, () -> endpoints.read(ns, name));
    } catch (CniException e) {
      errors.add(e);
      known = false;
    }
    // A newer sandbox of the same pod owns the host-side name and the endpoint: leave both to it.
    boolean ours = known && existing.map(ep -> ep.containerId().equals(a.containerId())).orElse(true);
    try {
      Step.DATAPLANE.run("removing " + a.hostIfName(), () -> plumber.tearDown(teardown(a, ours)));
    } catch (CniException e) {
      errors.add(e);
    }
    if (ours && existing.isPresent()) {
      try {
        Step.DATASTORE.run("deleting WorkloadEndpoint " + name, () -> endpoints.delete(ns, name));
      } catch (CniException e) {
        errors.add(e);
      }
    }
    try {
      ipam.release(a);
    } catch (CniException e) {
      errors.add(e);
    }
    if (!errors.isEmpty()) {
      throw Step.combine(errors);
    }
  }

  /** Compares prevResult with the IPAM handle, the WorkloadEndpoint and the kernel. */
  public void check(Attachment a, CniResult prev) throws CniException {
    List<String> problems = new ArrayList<>();
    int podIndex = -1;
    CniResult.Interface host = null;
    for (int i = 0; i < prev.interfaces().size(); i++) {
      CniResult.Interface itf = prev.interfaces().get(i);
      if (itf.name().equals(a.ifName()) && itf.sandbox().equals(a.netns())) {
        podIndex = i;
      } else if (itf.name().equals(a.hostIfName()) && itf.sandbox().isEmpty()) {
        host = itf;
      }
    }
    if (podIndex < 0) {
      throw new CniException(INVALID_NETWORK_CONFIG, "prevResult has no interface " + a.ifName() + " in " + a.netns(), "");
    }
    int index = podIndex;
    List<IPAddress> expected = prev.ips().stream()
        .filter(ip -> ip.interfaceIndex() == null || ip.interfaceIndex() == index)
        .map(ip -> singleHost(ip.address()))
        .toList();
    if (expected.isEmpty()) {
      throw new CniException(INVALID_NETWORK_CONFIG, "prevResult has no address for " + a.ifName(), "");
    }
    problems.addAll(ipam.differences(a, expected));

    String name = a.endpointName();
    Optional<PodEndpoint> ep = Step.DATASTORE.call("reading WorkloadEndpoint " + name,
        () -> endpoints.read(a.endpointNamespace(), name));
    if (ep.isEmpty()) {
      problems.add("WorkloadEndpoint " + a.endpointNamespace() + "/" + name + " does not exist");
    } else {
      problems.addAll(endpointDifferences(a, ep.get(), expected));
    }

    PlumbedPod plumbed = new PlumbedPod(host == null ? null : host.mac(),
        prev.interfaces().get(podIndex).mac(), prev.routes());
    problems.addAll(Step.DATAPLANE.call("checking " + a.hostIfName(),
        () -> plumber.check(plumbRequest(a, expected), plumbed)));
    if (!problems.isEmpty()) {
      throw new CniException(CHECK_FAILED, "CHECK found differences", String.join("; ", problems));
    }
  }

  private static List<String> endpointDifferences(Attachment a, PodEndpoint ep, List<IPAddress> expected) {
    List<String> problems = new ArrayList<>();
    String what = "WorkloadEndpoint " + ep.name();
    if (!ep.containerId().equals(a.containerId())) {
      problems.add(what + " belongs to container " + ep.containerId());
    }
    if (!ep.interfaceName().equals(a.hostIfName())) {
      problems.add(what + " names interface " + ep.interfaceName() + ", not " + a.hostIfName());
    }
    Set<IPAddress> have = ep.ipNetworks().stream().map(IPAddress::withoutPrefixLength).collect(Collectors.toSet());
    Set<IPAddress> want = expected.stream().map(IPAddress::withoutPrefixLength).collect(Collectors.toSet());
    if (!have.equals(want)) {
      problems.add(what + " has " + ep.ipNetworks() + ", prevResult " + expected);
    }
    return problems;
  }

  private static PlumbRequest plumbRequest(Attachment a, List<IPAddress> addresses) {
    return new PlumbRequest(a.containerId(), a.netns(), a.ifName(), a.hostIfName(), addresses, a.conf().mtu());
  }

  private static TeardownRequest teardown(Attachment a, boolean hostSideIsOurs) {
    return new TeardownRequest(a.netns(), a.ifName(),
        hostSideIsOurs ? Optional.of(a.hostIfName()) : Optional.empty());
  }

  private static PodEndpoint endpoint(Attachment a, PlumbedPod plumbed, List<IPAddress> addresses) {
    Optional<PodRef> pod = a.pod();
    String ns = a.endpointNamespace();
    return new PodEndpoint(
        ns,
        a.endpointName(),
        Map.of("projectcalico.org/namespace", ns, "projectcalico.org/orchestrator", a.orchestrator()),
        a.orchestrator(),
        pod.isPresent() ? "" : a.containerId(),
        a.node(),
        a.containerId(),
        pod.map(PodRef::name).orElse(""),
        a.ifName(),
        a.hostIfName(),
        plumbed.podMac(),
        addresses,
        // Calico's profiles: the namespace's for a pod, the network's for a bare container.
        List.of(pod.isPresent() ? "kns." + ns : a.conf().name()));
  }

  /** Calico gives the pod its address alone, /32 or /128, whatever the block's size. */
  static IPAddress singleHost(IPAddress ip) {
    return ip.withoutPrefixLength().setPrefixLength(ip.getBitCount(), false);
  }
}
