package io.jcalico.policy.ir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The desired state of one kernel table (the filter table, or the nat table) for one IP family:
 * our chains (all named {@code cali-*}), the IP sets they refer to, and the jumps from the
 * kernel's chains into ours.
 */
public record Dataplane(int ipVersion, List<Chain> chains, SortedMap<String, IpSet> ipSets, List<Hook> hooks) {

  /** The kernel tables we hook into, by their iptables names. */
  public enum Table {
    FILTER("filter"),
    NAT("nat");

    private final String iptablesName;

    Table(String iptablesName) {
      this.iptablesName = iptablesName;
    }

    public String iptablesName() {
      return iptablesName;
    }
  }

  /** A jump from a kernel chain (FORWARD, INPUT, POSTROUTING, ...) of {@code table} to one of ours, inserted first. */
  public record Hook(Table table, String kernelChain, String target) {
    /** A hook into the filter table. */
    public Hook(String kernelChain, String target) {
      this(Table.FILTER, kernelChain, target);
    }
  }

  public Dataplane {
    chains = List.copyOf(chains);
    ipSets = Collections.unmodifiableSortedMap(new TreeMap<>(ipSets));
    hooks = List.copyOf(hooks);
  }

  /** Nothing of ours: no chain, no set, no hook. */
  public static Dataplane empty(int ipVersion) {
    return new Dataplane(ipVersion, List.of(), new TreeMap<>(), List.of());
  }

  /**
   * This dataplane and {@code other} (same family, disjoint chain and set names) as one, for a
   * backend that keeps both in one kernel table (nftables: filter and nat chains in one table).
   */
  public Dataplane plus(Dataplane other) {
    if (other.ipVersion != ipVersion) {
      throw new IllegalArgumentException("IPv" + other.ipVersion + " added to IPv" + ipVersion);
    }
    List<Chain> allChains = new ArrayList<>(chains);
    allChains.addAll(other.chains);
    SortedMap<String, IpSet> allSets = new TreeMap<>(ipSets);
    allSets.putAll(other.ipSets);
    List<Hook> allHooks = new ArrayList<>(hooks);
    allHooks.addAll(other.hooks);
    if (allSets.size() != ipSets.size() + other.ipSets.size()
        || allChains.stream().map(Chain::name).distinct().count() != allChains.size()) {
      throw new IllegalArgumentException("dataplanes to merge share chain or set names");
    }
    return new Dataplane(ipVersion, allChains, allSets, allHooks);
  }

  public Map<String, Chain> chainsByName() {
    Map<String, Chain> m = new LinkedHashMap<>();
    chains.forEach(c -> m.put(c.name(), c));
    return m;
  }
}
