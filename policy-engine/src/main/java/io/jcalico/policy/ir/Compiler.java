package io.jcalico.policy.ir;

import io.jcalico.datastore.selector.Selector;
import io.jcalico.policy.ir.CompileOptions.Marks;
import io.jcalico.policy.model.Direction;
import io.jcalico.policy.model.Endpoint;
import io.jcalico.policy.model.Policy;
import io.jcalico.policy.model.PolicyId;
import io.jcalico.policy.model.PolicyInput;
import io.jcalico.policy.model.PolicyRule;
import io.jcalico.policy.model.PortRange;
import io.jcalico.policy.model.ProfileRules;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Policy calculation: policies, profiles and endpoints in, the desired chains and IP sets per IP
 * family out, in Felix's layout with Felix's semantics.
 *
 * <pre>
 * FORWARD -> cali-FORWARD -i cali+ -> cali-from-wl-dispatch -i caliX -g cali-fw-caliX (egress)
 *                         -o cali+ -> cali-to-wl-dispatch   -o caliX -g cali-tw-caliX (ingress)
 *                         accept bit set -> ACCEPT
 * INPUT   -> cali-INPUT   -i cali+ -g cali-wl-to-host -> cali-from-wl-dispatch, then the
 *                                                        configured endpoint-to-host action
 * cali-tw/fw-X: established -> ACCEPT; invalid -> DROP; clear bits;
 *               per tier: each policy selecting X in this direction, in order
 *                 (jump cali-pi-/cali-po-; accept bit -> RETURN); no pass bit -> DROP;
 *               each profile (jump cali-pri-/cali-pro-; accept bit -> RETURN); DROP.
 * </pre>
 *
 * So an endpoint that no policy selects for a direction gets only its profiles (Calico's
 * namespace profiles allow everything), once one does it gets default deny unless a rule
 * allows or passes; Pass skips the rest of the tier. Only chains some endpoint reaches and only
 * sets some rendered rule uses are produced. Pure: same input, same output.
 *
 * <p>An instance remembers the chains of its last compile (policy and profile chains by the
 * translated policy and direction, endpoint chains by what they are made of), so recompiling
 * after a small change redoes only what changed: a node daemon keeps one compiler. Compiles
 * are serialized.
 */
public final class Compiler {

  private static final String DEFAULT_TIER = "default";

  private final CompileOptions options;
  /** Chains compiled by the last compile, and those this compile used (kept for the next). */
  private Map<Object, Compiled> previous = new HashMap<>();
  private Map<Object, Compiled> current = new HashMap<>();
  /** Local endpoints of the last compile by position, and which of them each selector matched. */
  private Map<Endpoint, Integer> previousIndex = new IdentityHashMap<>();
  private Map<Selector, BitSet> previousMatches = new IdentityHashMap<>();

  /** A chain with the IP set requests its rules made. */
  private record Compiled(Chain chain, List<Consumer<IpSetIndex>> setRequests) {}

  public Compiler(CompileOptions options) {
    this.options = options;
  }

  public synchronized DesiredState compile(PolicyInput in) {
    try {
      return compileFresh(in);
    } finally {
      previous = current;
      current = new HashMap<>();
    }
  }

  /** The chain under {@code key} from the last compile, or compiled now with its set requests. */
  private Chain cached(Object key, IpSetIndex sets, Supplier<Chain> compile) {
    Compiled c = previous.get(key);
    if (c == null) {
      c = current.get(key);
    }
    if (c == null) {
      sets.startRecording();
      Chain chain = compile.get();
      c = new Compiled(chain, sets.stopRecording());
    } else {
      sets.replay(c.setRequests());
    }
    current.put(key, c);
    return c.chain();
  }

  private DesiredState compileFresh(PolicyInput in) {
    List<Endpoint> all = new ArrayList<>(in.localEndpoints());
    all.addAll(in.remoteEndpoints());
    Map<String, List<Endpoint>> matchCache = IpSetIndex.newMatchCache();
    List<Endpoint> local =
        in.localEndpoints().stream()
            .filter(e -> e.interfaceName() != null)
            .sorted(Comparator.comparing(Endpoint::interfaceName))
            .toList();
    Map<Endpoint, Map<Direction, List<Policy>>> selected = selectPolicies(in.policies(), local);
    return new DesiredState(
        family(4, in, local, all, selected, matchCache), family(6, in, local, all, selected, matchCache));
  }

  /**
   * For each local endpoint and direction, the policies that apply, in Calico's order. A
   * selector seen by the last compile (the calculator keeps unchanged policies' objects) is not
   * evaluated again against an endpoint it saw then (likewise unchanged): on a node with
   * thousands of both, that evaluation is most of a recompile.
   */
  private Map<Endpoint, Map<Direction, List<Policy>>> selectPolicies(List<Policy> policies, List<Endpoint> local) {
    List<Policy> ordered = policies.stream().sorted(Policy.ORDER).toList();
    Map<Endpoint, Integer> index = new IdentityHashMap<>();
    int[] before = new int[local.size()]; // each endpoint's position in the last compile, or -1
    boolean sameEndpoints = local.size() == previousIndex.size();
    for (int i = 0; i < local.size(); i++) {
      index.put(local.get(i), i);
      before[i] = previousIndex.getOrDefault(local.get(i), -1);
      sameEndpoints &= before[i] == i;
    }
    Map<Selector, BitSet> matches = new IdentityHashMap<>();
    List<Map<Direction, List<Policy>>> byEndpoint = new ArrayList<>();
    for (int i = 0; i < local.size(); i++) {
      Map<Direction, List<Policy>> byDir = new TreeMap<>();
      for (Direction d : Direction.values()) {
        byDir.put(d, new ArrayList<>());
      }
      byEndpoint.add(byDir);
    }
    for (Policy p : ordered) {
      BitSet seen = previousMatches.get(p.selector());
      BitSet now = matches.get(p.selector());
      if (now == null) {
        now = sameEndpoints && seen != null ? seen : new BitSet();
        if (now != seen) {
          for (int i = 0; i < local.size(); i++) {
            if (seen != null && before[i] >= 0 ? seen.get(before[i]) : p.selector().evaluate(local.get(i).selectorLabels())) {
              now.set(i);
            }
          }
        }
        matches.put(p.selector(), now);
      }
      if (p.ingress() || p.egress()) {
        for (int i = now.nextSetBit(0); i >= 0; i = now.nextSetBit(i + 1)) {
          for (Direction d : Direction.values()) {
            if (p.applies(d)) {
              byEndpoint.get(i).get(d).add(p);
            }
          }
        }
      }
    }
    previousIndex = index;
    previousMatches = matches;
    Map<Endpoint, Map<Direction, List<Policy>>> out = new LinkedHashMap<>();
    for (int i = 0; i < local.size(); i++) {
      out.put(local.get(i), byEndpoint.get(i));
    }
    return out;
  }


  private Dataplane family(
      int v,
      PolicyInput in,
      List<Endpoint> local,
      List<Endpoint> all,
      Map<Endpoint, Map<Direction, List<Policy>>> selected,
      Map<String, List<Endpoint>> matchCache) {
    IpSetIndex sets = new IpSetIndex(all, matchCache, v);
    RuleCompiler rules = new RuleCompiler(v, options, sets);
    List<Chain> chains = new ArrayList<>(topLevelChains(v));
    chains.addAll(dispatchChains(local, Direction.EGRESS));
    chains.addAll(dispatchChains(local, Direction.INGRESS));

    Map<String, Chain> policyChains = new TreeMap<>();
    Map<String, Chain> profileChains = new TreeMap<>();
    for (Endpoint e : local) {
      for (Direction d : Direction.values()) {
        List<Policy> policies = selected.get(e).get(d);
        for (Policy p : policies) {
          String name = ChainNames.policy(p.id(), d);
          if (!policyChains.containsKey(name)) {
            policyChains.put(name, cached(List.of(v, d, p), sets,
                () -> Chain.of(name, commented(compileAll(rules, p.rules(d)), describe(p.id(), d)))));
          }
        }
        List<String> profiles = e.profiles().stream().filter(in.profiles()::containsKey).toList();
        for (String prof : profiles) {
          ProfileRules pr = in.profiles().get(prof);
          String name = ChainNames.profile(prof, d);
          if (!profileChains.containsKey(name)) {
            profileChains.put(name, cached(List.of(v, d, pr), sets,
                () -> Chain.of(name, commented(compileAll(rules, pr.rules(d)), "Profile " + prof + " " + dirName(d)))));
          }
        }
        List<PolicyId> ids = policies.stream().map(Policy::id).toList();
        chains.add(cached(List.of(v, d, e.interfaceName(), ids, profiles), sets,
            () -> endpointChain(e, d, policies, profiles)));
      }
    }
    chains.addAll(policyChains.values());
    chains.addAll(profileChains.values());
    List<Dataplane.Hook> hooks =
        List.of(new Dataplane.Hook("FORWARD", ChainNames.FORWARD), new Dataplane.Hook("INPUT", ChainNames.INPUT));
    return new Dataplane(v, chains, sets.sets(), hooks);
  }

  private static List<Rule> compileAll(RuleCompiler rc, List<PolicyRule> rules) {
    List<Rule> out = new ArrayList<>();
    rules.forEach(r -> out.addAll(rc.compile(r)));
    return out;
  }

  /**
   * A policy or profile chain's rules as Felix writes them: RETURN rules at the very end are
   * dropped (falling off the chain returns anyway) and the first rule carries a comment naming
   * the policy.
   */
  private static List<Rule> commented(List<Rule> rules, String comment) {
    List<Rule> out = new ArrayList<>(rules);
    while (!out.isEmpty() && out.get(out.size() - 1).target() instanceof Target.Return) {
      out.remove(out.size() - 1);
    }
    if (!out.isEmpty()) {
      out.set(0, out.get(0).withComment(comment));
    }
    return out;
  }

  private static String describe(PolicyId id, Direction d) {
    String kind = switch (id.kind()) {
      case GLOBAL -> "GlobalNetworkPolicy";
      case NAMESPACED -> "NetworkPolicy";
      case KUBERNETES -> "KubernetesNetworkPolicy";
    };
    String name = id.namespace() == null ? id.name() : id.namespace() + "/" + id.name();
    return kind + " " + name + " " + dirName(d);
  }

  private static String dirName(Direction d) {
    return d == Direction.INGRESS ? "ingress" : "egress";
  }

  /** ICMPv6 a pod must exchange with its host whatever the policy: MLD (130-132), RS (133), NS/NA (135, 136). */
  private static final int[] ICMPV6_TO_HOST = {130, 131, 132, 133, 135, 136};

  private List<Chain> topLevelChains(int v) {
    Marks m = options.marks();
    String wildcard = options.workloadInterfacePrefix() + "+";
    Chain forward = Chain.of(ChainNames.FORWARD, List.of(
        Rule.of(new Target.ClearMark(m.all())),
        Rule.of(new Target.Jump(ChainNames.FROM_WL_DISPATCH), new Match.InInterface(wildcard)),
        Rule.of(new Target.Jump(ChainNames.TO_WL_DISPATCH), new Match.OutInterface(wildcard)),
        Rule.of(Target.ACCEPT, new Match.Mark(m.accept(), true)).withComment("Policy explicitly accepted packet.")));
    Chain input = Chain.of(ChainNames.INPUT, List.of(
        Rule.of(new Target.Goto(ChainNames.WL_TO_HOST), new Match.InInterface(wildcard))));
    Target toHost = switch (options.endpointToHostAction()) {
      case DROP -> Target.DROP;
      case ACCEPT -> Target.ACCEPT;
      case RETURN -> Target.RETURN;
    };
    List<Rule> toHostRules = new ArrayList<>();
    if (v == 6) {
      // as Felix: without neighbour discovery with the host a v6 pod cannot reach its gateway at all
      for (int type : ICMPV6_TO_HOST) {
        toHostRules.add(Rule.of(Target.ACCEPT, new Match.Protocol(58, false), new Match.Icmp(true, type, null, false)));
      }
    }
    toHostRules.add(Rule.of(new Target.Jump(ChainNames.FROM_WL_DISPATCH)));
    toHostRules.add(Rule.of(toHost).withComment("Configured DefaultEndpointToHostAction"));
    Chain wlToHost = Chain.of(ChainNames.WL_TO_HOST, toHostRules);
    return List.of(forward, input, wlToHost);
  }

  /**
   * {@code cali-from-wl-dispatch} (egress, by incoming interface) or {@code cali-to-wl-dispatch}:
   * one goto per endpoint, unknown interfaces dropped. Past the fan-out threshold, endpoints are
   * grouped by the character after the workload prefix into sub-chains, so a packet walks about
   * two short lists instead of one long one.
   */
  private List<Chain> dispatchChains(List<Endpoint> local, Direction d) {
    String root = d == Direction.EGRESS ? ChainNames.FROM_WL_DISPATCH : ChainNames.TO_WL_DISPATCH;
    String prefix = options.workloadInterfacePrefix();
    Rule unknown = Rule.of(Target.DROP).withComment("Unknown interface");
    if (local.size() <= options.dispatchFanoutThreshold()) {
      List<Rule> rules = new ArrayList<>();
      local.forEach(e -> rules.add(dispatchRule(e.interfaceName(), d, new Target.Goto(ChainNames.endpoint(e.interfaceName(), d)))));
      rules.add(unknown);
      return List.of(Chain.of(root, rules));
    }
    Map<String, List<Endpoint>> groups = new TreeMap<>();
    List<Rule> rootRules = new ArrayList<>();
    for (Endpoint e : local) {
      String name = e.interfaceName();
      if (name.startsWith(prefix) && name.length() > prefix.length()) {
        groups.computeIfAbsent(name.substring(0, prefix.length() + 1), k -> new ArrayList<>()).add(e);
      } else {
        rootRules.add(dispatchRule(name, d, new Target.Goto(ChainNames.endpoint(name, d))));
      }
    }
    List<Chain> subChains = new ArrayList<>();
    for (Map.Entry<String, List<Endpoint>> g : groups.entrySet()) {
      String sub = root + "-" + g.getKey().substring(prefix.length());
      rootRules.add(dispatchRule(g.getKey() + "+", d, new Target.Goto(sub)));
      List<Rule> subRules = new ArrayList<>();
      g.getValue().forEach(e -> subRules.add(dispatchRule(e.interfaceName(), d, new Target.Goto(ChainNames.endpoint(e.interfaceName(), d)))));
      subRules.add(unknown);
      subChains.add(Chain.of(sub, subRules));
    }
    rootRules.add(unknown);
    List<Chain> out = new ArrayList<>();
    out.add(Chain.of(root, rootRules));
    out.addAll(subChains);
    return out;
  }

  private static Rule dispatchRule(String iface, Direction d, Target t) {
    return Rule.of(t, d == Direction.EGRESS ? new Match.InInterface(iface) : new Match.OutInterface(iface));
  }

  private Chain endpointChain(Endpoint e, Direction d, List<Policy> policies, List<String> profiles) {
    Marks m = options.marks();
    List<Rule> r = new ArrayList<>();
    r.add(Rule.of(Target.ACCEPT, new Match.Conntrack(Match.Conntrack.State.ESTABLISHED_OR_RELATED)));
    r.add(Rule.of(Target.DROP, new Match.Conntrack(Match.Conntrack.State.INVALID)));
    r.add(Rule.of(new Target.ClearMark(m.accept() | m.pass())));
    if (d == Direction.EGRESS) {
      // Encapsulated packets from a workload could slip past egress policy (Felix's default).
      r.add(Rule.of(Target.DROP, new Match.Protocol(17, false), new Match.Ports(Dir.DST, 17, List.of(PortRange.of(4789)), false))
          .withComment("Drop VXLAN encapped packets originating in workloads"));
      r.add(Rule.of(Target.DROP, new Match.Protocol(4, false)).withComment("Drop IPinIP encapped packets originating in workloads"));
    }
    Map<String, List<Policy>> tiers = byTier(policies);
    for (Map.Entry<String, List<Policy>> tier : tiers.entrySet()) {
      r.add(Rule.of(new Target.ClearMark(m.pass())).withComment("Start of tier " + tier.getKey()));
      for (Policy p : tier.getValue()) {
        r.add(Rule.of(new Target.Jump(ChainNames.policy(p.id(), d)), new Match.Mark(m.pass(), false)));
        r.add(Rule.of(Target.RETURN, new Match.Mark(m.accept(), true)).withComment("Return if policy accepted"));
      }
      r.add(Rule.of(Target.DROP, new Match.Mark(m.pass(), false)).withComment("Drop if no policies passed packet"));
    }
    for (String prof : profiles) {
      r.add(Rule.of(new Target.Jump(ChainNames.profile(prof, d))));
      r.add(Rule.of(Target.RETURN, new Match.Mark(m.accept(), true)).withComment("Return if profile accepted"));
    }
    r.add(Rule.of(Target.DROP).withComment("Drop if no profiles matched"));
    return Chain.of(ChainNames.endpoint(e.interfaceName(), d), r);
  }

  /**
   * Policies grouped by tier. Without Tier resources the order of tiers is by name with the
   * default tier last (Calico gives it the highest order).
   */
  private static Map<String, List<Policy>> byTier(List<Policy> policies) {
    Map<String, List<Policy>> tiers = new TreeMap<>(
        Comparator.comparing((String t) -> t.equals(DEFAULT_TIER)).thenComparing(t -> t));
    for (Policy p : policies) {
      tiers.computeIfAbsent(p.id().tier(), k -> new ArrayList<>()).add(p);
    }
    Map<String, List<Policy>> out = new LinkedHashMap<>();
    tiers.forEach(out::put);
    return out;
  }

  /** The chains of a dataplane that are reachable from its hooks (for checks and tests). */
  public static Set<String> reachable(Dataplane dp) {
    Map<String, Chain> byName = dp.chainsByName();
    Set<String> seen = new LinkedHashSet<>();
    List<String> todo = new ArrayList<>(dp.hooks().stream().map(Dataplane.Hook::target).toList());
    while (!todo.isEmpty()) {
      String c = todo.remove(todo.size() - 1);
      if (seen.add(c) && byName.containsKey(c)) {
        for (Rule r : byName.get(c).rules()) {
          if (r.target() instanceof Target.Jump j) {
            todo.add(j.chain());
          } else if (r.target() instanceof Target.Goto g) {
            todo.add(g.chain());
          }
        }
      }
    }
    return seen;
  }
}
