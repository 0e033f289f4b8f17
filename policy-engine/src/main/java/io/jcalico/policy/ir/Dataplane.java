package io.jcalico.policy.ir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The desired filter-table state for one IP family: our chains (all named {@code cali-*}), the IP
 * sets they refer to, and the jumps from the kernel's chains into ours.
 */
public record Dataplane(int ipVersion, List<Chain> chains, SortedMap<String, IpSet> ipSets, List<Hook> hooks) {

  /** A jump from a kernel chain (FORWARD, INPUT, OUTPUT) to one of ours, inserted first. */
  public record Hook(String kernelChain, String target) {}

  public Dataplane {
    chains = List.copyOf(chains);
    ipSets = Collections.unmodifiableSortedMap(new TreeMap<>(ipSets));
    hooks = List.copyOf(hooks);
  }

  public Map<String, Chain> chainsByName() {
    Map<String, Chain> m = new LinkedHashMap<>();
    chains.forEach(c -> m.put(c.name(), c));
    return m;
  }
}
