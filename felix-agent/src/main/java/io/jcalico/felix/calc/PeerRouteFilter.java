package io.jcalico.felix.calc;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import inet.ipaddr.IPAddress;
import io.jcalico.bgp.policy.Policy;
import io.jcalico.bgp.policy.PrefixMatch;
import io.jcalico.bgp.policy.Statement;
import io.jcalico.datastore.model.BGPFilter;
import io.jcalico.datastore.model.BGPFilterSpec;
import io.jcalico.datastore.model.BGPFilterSpec.Rule;
import io.jcalico.datastore.model.BGPPeer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The BGPFilter rules of one session: the rules of the filters its BGPPeer names in
 * {@code filters}, in that order, of the session's family. As in Calico, the first matching rule
 * decides and a route no rule matches is accepted. A value (rules are records), so a changed
 * filter is seen as a changed session.
 */
public record PeerRouteFilter(List<Rule> importRules, List<Rule> exportRules) {
  public static final PeerRouteFilter NONE = new PeerRouteFilter(List.of(), List.of());

  public PeerRouteFilter {
    importRules = List.copyOf(importRules);
    exportRules = List.copyOf(exportRules);
  }

  public boolean isNone() {
    return importRules.isEmpty() && exportRules.isEmpty();
  }

  /**
   * The filters of each desired session that comes from a BGPPeer (the mesh has none). A filter
   * name without a BGPFilter contributes no rules.
   */
  public static Map<IPAddress, PeerRouteFilter> of(List<DesiredPeer> sessions, List<BGPPeer> peers, List<BGPFilter> filters) {
    Map<String, BGPPeer> peerByName = peers.stream().collect(Collectors.toMap(BGPPeer::name, Function.identity(), (a, b) -> a));
    Map<String, BGPFilterSpec> filterByName = filters.stream().filter(f -> f.spec() != null)
        .collect(Collectors.toMap(BGPFilter::name, BGPFilter::spec, (a, b) -> a));
    ImmutableMap.Builder<IPAddress, PeerRouteFilter> out = ImmutableMap.builder();
    for (DesiredPeer s : sessions) {
      BGPPeer p = s.type() == DesiredPeer.PeerType.MESH ? null : peerByName.get(s.source());
      if (p == null || p.spec() == null || RouteAdvertisements.orEmpty(p.spec().filters()).isEmpty()) continue;
      boolean v4 = s.address().isIPv4();
      List<Rule> in = new ArrayList<>();
      List<Rule> outRules = new ArrayList<>();
      for (String name : p.spec().filters()) {
        BGPFilterSpec f = filterByName.get(name);
        if (f == null) continue;
        in.addAll(RouteAdvertisements.orEmpty(v4 ? f.importV4() : f.importV6()));
        outRules.addAll(RouteAdvertisements.orEmpty(v4 ? f.exportV4() : f.exportV6()));
      }
      PeerRouteFilter prf = new PeerRouteFilter(in, outRules);
      if (!prf.isNone()) out.put(s.address(), prf);
    }
    return out.build();
  }

  /** The import rules as a speaker policy. */
  public Policy importPolicy(String name, boolean ipv4) {
    return policy(name, importRules, ipv4);
  }

  /** The export rules as a speaker policy. */
  public Policy exportPolicy(String name, boolean ipv4) {
    return policy(name, exportRules, ipv4);
  }

  /**
   * Rules as policy terms: Equal/NotEqual match the CIDR's own prefix, In/NotIn any prefix inside
   * it (within prefixLength's bounds, which cannot go below the CIDR's length); {@code source:
   * RemotePeers} only routes learned from peers. A rule with {@code interface} never matches: the
   * node exports no routes learned from interfaces.
   */
  static Policy policy(String name, List<Rule> rules, boolean ipv4) {
    ImmutableList.Builder<Statement> terms = ImmutableList.builder();
    int bits = ipv4 ? 32 : 128;
    for (Rule r : rules) {
      if (r.iface() != null && !r.iface().isEmpty()) continue;
      boolean accept = "Accept".equals(r.action());
      boolean learnedOnly = "RemotePeers".equals(r.source());
      if (r.cidr() == null || r.cidr().isEmpty()) {
        terms.add(Statement.verdict(List.of(), false, learnedOnly, accept));
        continue;
      }
      IPAddress cidr = RouteAdvertisements.prefix(r.cidr());
      if (cidr == null || cidr.isIPv4() != ipv4) continue; // validation refuses these
      int len = cidr.getNetworkPrefixLength();
      boolean negated = "NotEqual".equals(r.matchOperator()) || "NotIn".equals(r.matchOperator());
      int ge = len;
      int le = len;
      if ("In".equals(r.matchOperator()) || "NotIn".equals(r.matchOperator())) {
        Integer min = r.prefixLength() == null ? null : r.prefixLength().min();
        Integer max = r.prefixLength() == null ? null : r.prefixLength().max();
        ge = Math.max(len, min == null ? len : min);
        le = max == null ? bits : max;
      }
      if (le < ge) {
        // no prefix can match: In never matches, NotIn always does
        if (negated) terms.add(Statement.verdict(List.of(), false, learnedOnly, accept));
        continue;
      }
      terms.add(Statement.verdict(List.of(new PrefixMatch(cidr, ge, le)), negated, learnedOnly, accept));
    }
    return new Policy(name, terms.build(), true);
  }
}
