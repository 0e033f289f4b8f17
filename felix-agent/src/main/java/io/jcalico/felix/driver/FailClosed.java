package io.jcalico.felix.driver;

import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.ir.Match;
import io.jcalico.policy.ir.Rule;
import io.jcalico.policy.ir.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a policy driver writes when the desired state cannot be written: the fail-safe.
 *
 * <p>The kernel tools apply a table atomically, so a failed write leaves the kernel as it was.
 * That alone would fail <em>open</em> for every endpoint whose protection was about to change: a
 * tightened policy would keep its old, looser rules, and on a node where nothing was programmed
 * yet pods would talk freely. So a driver whose write failed writes a degraded state instead:
 *
 * <ul>
 *   <li>an endpoint chain ({@code cali-tw-}/{@code cali-fw-}) is <em>settled</em> when the kernel
 *       holds exactly its desired rules (same hashes), every chain it reaches is settled too and
 *       none of their rules uses an IP set whose update failed; settled endpoints keep their
 *       rules, every other endpoint chain becomes a single DROP (quarantine, established
 *       connections included) until a full write succeeds;
 *   <li>policy and profile chains that are not settled are left out, so nothing new that could
 *       be what failed is written; the top-level and dispatch chains are written as desired
 *       (they only route packets to endpoint chains and drop unknown interfaces).
 * </ul>
 *
 * If even that fails, {@link #lockdown} quarantines every endpoint and writes no policy at all.
 * Pure: kernel state in, dataplane out.
 */
public final class FailClosed {

  static final String QUARANTINE_COMMENT = "Fail-safe: policy for this endpoint is not programmed";
  private static final List<String> ENDPOINT_PREFIXES = List.of("cali-tw-", "cali-fw-");
  private static final List<String> POLICY_PREFIXES = List.of("cali-pi-", "cali-po-", "cali-pri-", "cali-pro-");

  private FailClosed() {}

  /**
   * {@code desired} with every endpoint that is not settled against {@code actual} (our chains'
   * rule hashes as the kernel holds them) quarantined, see the class comment.
   */
  public static Dataplane degrade(Dataplane desired, Map<String, List<String>> actual, Set<String> unsettledSets) {
    Map<String, Chain> byName = desired.chainsByName();
    Map<String, Boolean> memo = new HashMap<>();
    List<Chain> out = new ArrayList<>();
    for (Chain c : desired.chains()) {
      boolean settled = settled(c.name(), byName, actual, unsettledSets, memo);
      if (isEndpointChain(c.name())) {
        out.add(settled ? c : quarantined(c.name()));
      } else if (!isPolicyChain(c.name()) || settled) {
        out.add(c);
      }
    }
    return withSetsInUse(desired, out);
  }

  /** Every endpoint quarantined, no policy chain and no IP set: the last resort. */
  public static Dataplane lockdown(Dataplane desired) {
    List<Chain> out = new ArrayList<>();
    for (Chain c : desired.chains()) {
      if (isEndpointChain(c.name())) {
        out.add(quarantined(c.name()));
      } else if (!isPolicyChain(c.name())) {
        out.add(c);
      }
    }
    return withSetsInUse(desired, out);
  }

  /** Whether this chain holds one endpoint's policy (and so can be quarantined). */
  public static boolean isEndpointChain(String name) {
    return ENDPOINT_PREFIXES.stream().anyMatch(name::startsWith);
  }

  /** The endpoint chains of {@code dp} that are quarantined (a single DROP of ours). */
  public static Set<String> quarantinedChains(Dataplane dp) {
    Set<String> out = new HashSet<>();
    for (Chain c : dp.chains()) {
      if (isEndpointChain(c.name()) && c.equals(quarantined(c.name()))) {
        out.add(c.name());
      }
    }
    return out;
  }

  private static boolean isPolicyChain(String name) {
    return POLICY_PREFIXES.stream().anyMatch(name::startsWith);
  }

  static Chain quarantined(String name) {
    return Chain.of(name, List.of(Rule.of(Target.DROP).withComment(QUARANTINE_COMMENT)));
  }

  private static boolean settled(
      String name, Map<String, Chain> byName, Map<String, List<String>> actual, Set<String> unsettledSets,
      Map<String, Boolean> memo) {
    Boolean known = memo.get(name);
    if (known != null) {
      return known;
    }
    memo.put(name, false); // chains form no cycles; this only guards against a malformed input
    Chain c = byName.get(name);
    boolean ok = c != null && c.ruleHashes().equals(actual.get(name));
    for (int i = 0; ok && i < c.rules().size(); i++) {
      Rule r = c.rules().get(i);
      ok = r.matches().stream().noneMatch(m -> setId(m).filter(unsettledSets::contains).isPresent())
          && target(r.target()).map(t -> settled(t, byName, actual, unsettledSets, memo)).orElse(true);
    }
    memo.put(name, ok);
    return ok;
  }

  private static Optional<String> target(Target t) {
    if (t instanceof Target.Jump j) {
      return Optional.of(j.chain());
    } else if (t instanceof Target.Goto g) {
      return Optional.of(g.chain());
    }
    return Optional.empty();
  }

  private static Optional<String> setId(Match m) {
    if (m instanceof Match.InSet s) {
      return Optional.of(s.setId());
    } else if (m instanceof Match.InPortSet s) {
      return Optional.of(s.setId());
    }
    return Optional.empty();
  }

  /** A dataplane of these chains with only the IP sets their rules still use. */
  private static Dataplane withSetsInUse(Dataplane desired, List<Chain> chains) {
    Set<String> used = new HashSet<>();
    chains.forEach(c -> c.rules().forEach(r -> r.matches().forEach(m -> setId(m).ifPresent(used::add))));
    Map<String, IpSet> sets = new TreeMap<>(desired.ipSets());
    sets.keySet().retainAll(used);
    return new Dataplane(desired.ipVersion(), chains, new TreeMap<>(sets), desired.hooks());
  }
}
