package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.CHECK_FAILED;
import static io.jcalico.felix.cni.CniErrorCode.INVALID_NETWORK_CONFIG;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import io.jcalico.felix.cni.PodPlumber.PlumbRequest;
import io.jcalico.felix.cni.PodPlumber.PlumbedPod;
import io.jcalico.felix.cni.PodPlumber.TeardownRequest;
import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code calico} plugin's work for one container, against three narrow collaborators (and
 * {@link NetworkProfiles}, which first makes the profile a container outside Kubernetes lists).
 *
 * <pre>
 * ADD    veth pair, no addresses (dataplane, in the background) ─┐
 *        assign (IPAM) + WorkloadEndpoint ─────────────────────────┴─► addresses, host routes ──► result
 *          (one etcd transaction)            └─► WorkloadEndpoint, when IPAM could not take it along
 *          undo: delete endpoint, release, tear down: a failure at any step runs the undos
 *          of the steps that succeeded, newest first
 * DEL    read endpoint ──► tear down  ‖ delete endpoint ‖ release     (every step tried,
 *                                                                      missing is fine)
 * CHECK  prevResult vs. IPAM handle, endpoint and kernel
 * </pre>
 */
public final class PodAttacher {
  private final IpamPlugin ipam;
  private final PodPlumber plumber;
  private final EndpointWriter endpoints;
  private final NetworkProfiles profiles;
  private final StepTimings timings;
  private final Executor background;
  private final Supplier<MACAddress> podMacs;

  /** Steps one after the other on the caller's thread, random pod MACs, no timings, no profiles made. */
  public PodAttacher(IpamPlugin ipam, PodPlumber plumber, EndpointWriter endpoints) {
    this(ipam, plumber, endpoints, NetworkProfiles.none(), StepTimings.NONE, Runnable::run, PodAttacher::randomPodMac);
  }

  /**
   * @param background runs the datastore steps that overlap the dataplane step (the endpoint
   *     write on ADD; endpoint delete and IPAM release on DEL)
   * @param podMacs the MAC of each new pod interface: chosen before the veth exists, so the
   *     WorkloadEndpoint (which records it) can be written while the veth is made
   */
  public PodAttacher(IpamPlugin ipam, PodPlumber plumber, EndpointWriter endpoints, NetworkProfiles profiles,
      StepTimings timings, Executor background, Supplier<MACAddress> podMacs) {
    this.ipam = ipam;
    this.plumber = plumber;
    this.endpoints = endpoints;
    this.profiles = profiles;
    this.timings = timings;
    this.background = background;
    this.podMacs = podMacs;
  }

  /** A random unicast, locally administered MAC, as the kernel picks for a veth. */
  public static MACAddress randomPodMac() {
    byte[] b = new byte[6];
    ThreadLocalRandom.current().nextBytes(b);
    b[0] = (byte) ((b[0] & 0xfe) | 0x02);
    return new MACAddress(b);
  }

  /** A step of a command, timed into {@link #timings} however it ends. */
  private <T, E extends Exception> T timed(String command, String step, TimedCall<T, E> call) throws E {
    long start = System.nanoTime();
    try {
      return call.call();
    } finally {
      timings.record(command, step, System.nanoTime() - start);
    }
  }

  @FunctionalInterface
  private interface TimedCall<T, E extends Exception> {
    T call() throws E;
  }

  /** A collaborator call run in the background. */
  @FunctionalInterface
  private interface BackgroundStep {
    void run() throws CniException, AttachException;
  }

  /** A collaborator call with a result, run in the background. */
  @FunctionalInterface
  private interface BackgroundCall<T> {
    T call() throws CniException, AttachException;
  }

  /** What a background call left: its result, or why there is none. */
  private record Done<T>(T value, Exception failure) {}

  /** A call run on {@link #background}, timed into {@link #timings} however it ends. */
  private <T> CompletableFuture<Done<T>> supplyInBackground(String command, String step, BackgroundCall<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      long start = System.nanoTime();
      try {
        return new Done<>(call.call(), null);
      } catch (CniException | AttachException | RuntimeException e) {
        return new Done<>(null, e);
      } finally {
        timings.record(command, step, System.nanoTime() - start);
      }
    }, background);
  }

  /** A step run on {@link #background}; the future holds its failure, or null when it succeeded. */
  private CompletableFuture<Exception> inBackground(String command, String step, BackgroundStep action) {
    return supplyInBackground(command, step, () -> {
      action.run();
      return null;
    }).thenApply(Done::failure);
  }

  /**
   * ADD. The veth pair needs no address and the endpoint no veth (the pod MAC is chosen here), so
   * the pair is made in the background while IPAM takes the addresses; IPAM creates the
   * WorkloadEndpoint in the etcd transaction that takes them (one write for both). Where it
   * cannot (the endpoint exists from an earlier ADD, a writer without that ability), the endpoint
   * is written in the background while the addresses go onto the pair. Everything is awaited
   * before the result or the rollback.
   */
  public CniResult add(Attachment a) throws CniException {
    // first, so that policy knows the profile when the endpoint names it; never undone: the
    // network's other containers share it
    Step.DATASTORE.run("creating Profile " + a.conf().name(), () -> profiles.ensureFor(a));
    Rollback rollback = new Rollback();
    PodPlumber.Pair pair = null;
    try {
      MACAddress podMac = podMacs.get();
      NetConf.Ipam conf = a.conf().ipam();
      PodPlumber.PairRequest pairRequest = new PodPlumber.PairRequest(a.containerId(), a.netns(), a.ifName(),
          a.hostIfName(), a.conf().mtu(), podMac, conf.assignIpv4(), conf.assignIpv6());
      CompletableFuture<Done<PodPlumber.Pair>> making =
          supplyInBackground("ADD", "veth", () -> plumber.createPair(pairRequest));

      // last to undo, also when IPAM fails: its final write may have reached etcd with the endpoint
      rollback.push("delete WorkloadEndpoint " + a.endpointName(),
          () -> endpoints.delete(a.endpointNamespace(), a.endpointName()));
      IpAllocator.Assigned assigned = null;
      Exception ipamFailure = null;
      try {
        assigned = timed("ADD", "ipam", () -> ipam.assign(a,
            taken -> endpoints.prepareCreate(endpoint(a, podMac, taken.stream().map(PodAttacher::singleHost).toList()))));
      } catch (CniException | RuntimeException e) {
        ipamFailure = e;
      }
      CompletableFuture<Exception> written = CompletableFuture.completedFuture(null);
      List<IPAddress> addresses = List.of();
      PodEndpoint endpoint = null;
      if (assigned != null) {
        rollback.push("release " + a.handleId(), () -> ipam.release(a));
        addresses = assigned.addresses().stream().map(PodAttacher::singleHost).toList();
        PodEndpoint toWrite = endpoint(a, podMac, addresses);
        endpoint = toWrite;
        if (!assigned.companionCreated()) {
          written = inBackground("ADD", "endpoint", () -> endpoints.write(toWrite));
        }
      }

      Done<PodPlumber.Pair> made = making.join();
      pair = made.value();
      if (pair != null) {
        rollback.push("remove " + a.hostIfName(), () -> plumber.tearDown(teardown(a, true)));
      }
      PlumbedPod plumbed = null;
      Exception plumbFailure = made.failure();
      if (ipamFailure == null && plumbFailure == null) {
        PodPlumber.Pair created = pair;
        List<IPAddress> onPod = addresses;
        try {
          plumbed = timed("ADD", "dataplane", () -> plumber.addAddresses(created, onPod));
        } catch (AttachException | RuntimeException e) {
          plumbFailure = e;
        }
      }
      Exception endpointFailure = written.join();
      if (ipamFailure != null) {
        throw failure(Step.IPAM, "", ipamFailure);
      }
      if (plumbFailure instanceof InterfaceInUseException e) {
        throw Step.DATAPLANE.toCni("", e); // the name belongs to someone else: createPair left it alone
      }
      if (plumbFailure != null) {
        throw failure(Step.DATAPLANE, "creating " + a.hostIfName(), plumbFailure);
      }
      if (endpointFailure != null) {
        throw failure(Step.DATASTORE, "writing WorkloadEndpoint " + endpoint.name(), endpointFailure);
      }
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
    } finally {
      if (pair != null) {
        pair.close();
      }
    }
  }

  /** A background step's failure as the step's CNI error; a bug stays a RuntimeException. */
  private static CniException failure(Step step, String action, Exception e) {
    if (e instanceof CniException ce) {
      return ce;
    }
    if (e instanceof AttachException ae) {
      return step.toCni(action, ae);
    }
    throw (RuntimeException) e;
  }

  /**
   * Removes whatever is left of the attachment. Every step is tried even when one fails; the
   * error then names them all, and the runtime's retry finishes the job. After the endpoint is
   * read (it says whether the host-side name is still ours), the veth is removed while the
   * endpoint is deleted and the addresses released in the background.
   */
  public void del(Attachment a) throws CniException {
    List<CniException> errors = new ArrayList<>();
    String ns = a.endpointNamespace();
    String name = a.endpointName();
    Optional<PodEndpoint> existing = Optional.empty();
    boolean known = true;
    try {
      existing = timed("DEL", "endpoint", () -> Step.DATASTORE.call("reading WorkloadEndpoint " + name, () -> endpoints.read(ns, name)));
    } catch (CniException e) {
      errors.add(e);
      known = false;
    }
    // A newer sandbox of the same pod owns the host-side name and the endpoint: leave both to it.
    boolean ours = known && existing.map(ep -> ep.containerId().equals(a.containerId())).orElse(true);
    String deleting = "deleting WorkloadEndpoint " + name;
    CompletableFuture<Exception> deleted = ours && existing.isPresent()
        ? inBackground("DEL", "endpoint", () -> endpoints.delete(ns, name))
        : CompletableFuture.completedFuture(null);
    CompletableFuture<Exception> released = inBackground("DEL", "ipam", () -> ipam.release(a));
    try {
      timed("DEL", "dataplane", () -> {
        Step.DATAPLANE.run("removing " + a.hostIfName(), () -> plumber.tearDown(teardown(a, ours)));
        return null;
      });
    } catch (CniException e) {
      errors.add(e);
    }
    Exception deleteFailure = deleted.join();
    if (deleteFailure != null) {
      errors.add(failure(Step.DATASTORE, deleting, deleteFailure));
    }
    Exception releaseFailure = released.join();
    if (releaseFailure != null) {
      errors.add(failure(Step.IPAM, "", releaseFailure));
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
        () -> plumber.check(plumbRequest(a, expected, plumbed.podMac()), plumbed)));
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

  private static PlumbRequest plumbRequest(Attachment a, List<IPAddress> addresses, MACAddress podMac) {
    return new PlumbRequest(a.containerId(), a.netns(), a.ifName(), a.hostIfName(), addresses, a.conf().mtu(), podMac);
  }

  private static TeardownRequest teardown(Attachment a, boolean hostSideIsOurs) {
    return new TeardownRequest(a.netns(), a.ifName(),
        hostSideIsOurs ? Optional.of(a.hostIfName()) : Optional.empty());
  }

  private static PodEndpoint endpoint(Attachment a, MACAddress podMac, List<IPAddress> addresses) {
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
        podMac,
        addresses,
        // Calico's profiles: the namespace's for a pod, the network's for a bare container.
        List.of(pod.isPresent() ? "kns." + ns : a.conf().name()));
  }

  /** Calico gives the pod its address alone, /32 or /128, whatever the block's size. */
  static IPAddress singleHost(IPAddress ip) {
    return ip.withoutPrefixLength().setPrefixLength(ip.getBitCount(), false);
  }
}
