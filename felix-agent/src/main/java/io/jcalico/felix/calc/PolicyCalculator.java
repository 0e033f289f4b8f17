package io.jcalico.felix.calc;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.GlobalNetworkPolicy;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.IPPoolSpec;
import io.jcalico.datastore.model.K8sNetworkPolicy;
import io.jcalico.datastore.model.NetworkPolicy;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.model.WorkloadEndpoint;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Compiler;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.ir.NatOutgoing;
import io.jcalico.policy.model.CalicoLabels;
import io.jcalico.policy.model.CalicoPolicies;
import io.jcalico.policy.model.Endpoint;
import io.jcalico.policy.model.Endpoints;
import io.jcalico.policy.model.KubernetesPolicies;
import io.jcalico.policy.model.Policy;
import io.jcalico.policy.model.PolicyInput;
import io.jcalico.policy.model.ProfileRules;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's policy calculation: policies, profiles (namespaces' labels reach endpoints through
 * the {@code kns.<namespace>} profiles, as in Calico) and workload endpoints in, the
 * {@link DesiredState} for this node's policy drivers out. IP pools come in too: their
 * {@code natOutgoing} becomes the nat table ({@link NatOutgoing}), written by the same drivers.
 *
 * <pre>
 *   datastore snapshot of a kind --update--> per-resource translation cache (only changed
 *   resources are translated again) --input()--> PolicyInput --compute()--> DesiredState
 * </pre>
 *
 * Endpoints on this node ({@code spec.node}) get chains; every endpoint's addresses fill the
 * selector IP sets. The compile itself runs over the whole input, which keeps it obviously
 * right; what keeps a change cheap in the kernel is that unchanged chains keep their rule
 * hashes, so the drivers write only what differs.
 *
 * <p>A resource that cannot be translated (it should have been refused when written) is left
 * out with a warning. With {@code implicitNamespaceProfiles}, an endpoint's {@code kns.<ns>}
 * profile that has no Profile resource behaves as the one Calico's controllers would create for
 * an unlabelled namespace: allow all, namespace-name label only.
 *
 * <p>Thread-safe: updates come from the datastore thread, computes from the dataplane's.
 */
public final class PolicyCalculator {
  private static final Logger log = LoggerFactory.getLogger(PolicyCalculator.class);
  static final List<ResourceKind> KINDS = List.of(ResourceKind.GLOBAL_NETWORK_POLICY, ResourceKind.NETWORK_POLICY,
      ResourceKind.K8S_NETWORK_POLICY, ResourceKind.PROFILE, ResourceKind.WORKLOAD_ENDPOINT, ResourceKind.IP_POOL);
  /** Felix masquerades with random source ports where the kernel and iptables support it (3.14+, 1.6.2+: every platform we run on). */
  static final boolean MASQUERADE_RANDOM_FULLY = true;
  private static final String NAMESPACE_PROFILE_PREFIX = "kns.";

  private final String nodeName;
  private final Compiler compiler;
  private final boolean implicitNamespaceProfiles;
  private final Map<ResourceKind, Map<String, Resource>> resources = new EnumMap<>(ResourceKind.class);
  private final Map<String, Policy> policies = new TreeMap<>();
  private final Map<String, ProfileRules> profileRules = new TreeMap<>();
  private final Map<String, Endpoint> endpoints = new TreeMap<>();
  private final Map<String, NatOutgoing.Pool> pools = new TreeMap<>();
  private long generation;

  public PolicyCalculator(String nodeName, CompileOptions options, boolean implicitNamespaceProfiles) {
    this.nodeName = Objects.requireNonNull(nodeName);
    this.compiler = new Compiler(options);
    this.implicitNamespaceProfiles = implicitNamespaceProfiles;
  }

  /** The kinds to feed to {@link #update}. */
  public static List<ResourceKind> kinds() {
    return KINDS;
  }

  /**
   * Takes the current resources of a kind (keyed by "namespace/name" or name). Returns whether
   * anything policy depends on changed, i.e. whether {@link #compute} may now give another result.
   */
  public synchronized boolean update(ResourceKind kind, Map<String, Resource> current) {
    if (!KINDS.contains(kind)) {
      return false;
    }
    Map<String, Resource> old = resources.computeIfAbsent(kind, k -> new HashMap<>());
    Set<String> gone = new HashSet<>(old.keySet());
    gone.removeAll(current.keySet());
    List<String> changed = new ArrayList<>();
    current.forEach((key, r) -> {
      if (!r.equals(old.get(key))) {
        changed.add(key);
      }
    });
    if (gone.isEmpty() && changed.isEmpty()) {
      return false;
    }
    gone.forEach(old::remove);
    changed.forEach(k -> old.put(k, current.get(k)));
    switch (kind) {
      case GLOBAL_NETWORK_POLICY -> retranslate(kind, gone, changed, policies,
          r -> CalicoPolicies.of((GlobalNetworkPolicy) r));
      case NETWORK_POLICY -> retranslate(kind, gone, changed, policies, r -> CalicoPolicies.of((NetworkPolicy) r));
      case K8S_NETWORK_POLICY -> retranslate(kind, gone, changed, policies,
          r -> KubernetesPolicies.of((K8sNetworkPolicy) r));
      case PROFILE -> {
        retranslate(kind, gone, changed, profileRules, r -> CalicoPolicies.of((Profile) r));
        // profiles carry labels (namespace labels) into every endpoint that lists them
        Map<String, Resource> weps = resources.getOrDefault(ResourceKind.WORKLOAD_ENDPOINT, Map.of());
        retranslate(ResourceKind.WORKLOAD_ENDPOINT, Set.of(), List.copyOf(weps.keySet()), endpoints, this::endpoint);
      }
      case WORKLOAD_ENDPOINT -> retranslate(kind, gone, changed, endpoints, this::endpoint);
      case IP_POOL -> retranslate(kind, gone, changed, pools, PolicyCalculator::natPool);
      default -> throw new IllegalStateException(kind.toString());
    }
    generation++;
    return true;
  }

  /** Counts the updates that changed something; a compute reflects the generation it saw. */
  public synchronized long generation() {
    return generation;
  }

  private <T> void retranslate(ResourceKind kind, Set<String> gone, List<String> changed, Map<String, T> into,
      Function<Resource, T> translate) {
    gone.forEach(k -> into.remove(kind + "/" + k));
    Map<String, Resource> all = resources.get(kind);
    for (String k : changed) {
      try {
        into.put(kind + "/" + k, translate.apply(all.get(k)));
      } catch (RuntimeException e) {
        into.remove(kind + "/" + k);
        log.warn("{} left out of policy: {}", all.get(k).displayName(), e.getMessage());
      }
    }
  }

  private Endpoint endpoint(Resource r) {
    WorkloadEndpoint wep = (WorkloadEndpoint) r;
    Map<String, Profile> byName = new HashMap<>();
    resources.getOrDefault(ResourceKind.PROFILE, Map.of()).values().forEach(p -> byName.put(p.name(), (Profile) p));
    if (implicitNamespaceProfiles) {
      for (String name : wep.spec().profiles()) {
        if (name.startsWith(NAMESPACE_PROFILE_PREFIX) && !byName.containsKey(name)) {
          String ns = name.substring(NAMESPACE_PROFILE_PREFIX.length());
          byName.put(name, new Profile(ObjectMeta.named(name), new Profile.ProfileSpec(null, null,
              Map.of(CalicoLabels.NAMESPACE_LABEL_PREFIX + CalicoLabels.NAMESPACE_NAME, ns))));
        }
      }
    }
    return Endpoints.of(wep, byName);
  }

  private static NatOutgoing.Pool natPool(Resource r) {
    IPPoolSpec spec = ((IPPool) r).spec();
    IPAddress cidr = spec == null || spec.cidr() == null ? null : new IPAddressString(spec.cidr()).getAddress();
    if (cidr == null) {
      throw new IllegalArgumentException("no valid cidr");
    }
    return new NatOutgoing.Pool(cidr, spec.masquerades());
  }

  /** Everything the compiler reads, as of now. */
  public synchronized PolicyInput input() {
    Map<String, ProfileRules> profiles = new HashMap<>();
    profileRules.values().forEach(p -> profiles.put(p.name(), p));
    List<Endpoint> local = new ArrayList<>();
    List<Endpoint> remote = new ArrayList<>();
    Map<String, Resource> weps = resources.getOrDefault(ResourceKind.WORKLOAD_ENDPOINT, Map.of());
    endpoints.forEach((key, e) -> {
      WorkloadEndpoint w = (WorkloadEndpoint) weps.get(key.substring(key.indexOf('/') + 1));
      (w != null && nodeName.equals(w.spec().node()) ? local : remote).add(e);
      if (implicitNamespaceProfiles) {
        e.profiles().stream().filter(p -> p.startsWith(NAMESPACE_PROFILE_PREFIX))
            .forEach(p -> profiles.computeIfAbsent(p, ProfileRules::allowAll));
      }
    });
    return new PolicyInput(List.copyOf(policies.values()), profiles, local, remote);
  }

  /** The IP pools as NAT outgoing sees them, as of now. */
  public synchronized List<NatOutgoing.Pool> pools() {
    return List.copyOf(pools.values());
  }

  /** The desired dataplane for the current input: policy, and NAT outgoing of the IP pools. */
  public DesiredState compute() {
    List<NatOutgoing.Pool> p = pools();
    return compiler.compile(input()).withNat(NatOutgoing.compile(4, p, MASQUERADE_RANDOM_FULLY),
        NatOutgoing.compile(6, p, MASQUERADE_RANDOM_FULLY));
  }
}
