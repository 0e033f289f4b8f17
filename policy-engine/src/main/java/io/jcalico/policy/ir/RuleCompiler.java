package io.jcalico.policy.ir;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.selector.Selector;
import io.jcalico.policy.ir.CompileOptions.Marks;
import io.jcalico.policy.model.EntityMatch;
import io.jcalico.policy.model.Icmp;
import io.jcalico.policy.model.PolicyRule;
import io.jcalico.policy.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Lowers one policy rule to dataplane rules for one IP family, as Felix does:
 *
 * <ul>
 *   <li>A rule for the other family, or whose nets are all of the other family, renders nothing;
 *       a negated catch-all net (0.0.0.0/0, ::/0) drops the rule (it could never match).
 *   <li>Selectors become address-set matches; nets a network set, or a CIDR match when a side has
 *       exactly one net test (iptables takes one {@code -s}/{@code -d} per rule, negated or not).
 *   <li>Negated ports and named ports are ANDed tests, so they fit one rule in any number. Positive
 *       ports are an OR: when they do not fit one port match (more than the backend's limit, or
 *       numeric and named ports mixed) each side's alternatives set a scratch mark bit in a
 *       "block" of rules and the final rule tests that bit.
 *   <li>Allow sets the accept bit and returns; Pass sets the pass bit and returns; Deny drops;
 *       Log logs and falls through.
 * </ul>
 */
final class RuleCompiler {

  static final String LOG_PREFIX = "calico-packet";

  private final int ipVersion;
  private final CompileOptions options;
  private final IpSetIndex sets;

  RuleCompiler(int ipVersion, CompileOptions options, IpSetIndex sets) {
    this.ipVersion = ipVersion;
    this.options = options;
    this.sets = sets;
  }

  List<Rule> compile(PolicyRule r) {
    if (r.ipVersion() != null && r.ipVersion() != ipVersion) {
      return List.of();
    }
    Integer proto = r.protocol();
    if (proto != null && proto == (ipVersion == 4 ? 58 : 1)) {
      return List.of(); // ICMPv6 never matches in IPv4 and ICMP never in IPv6
    }
    List<Match> main = new ArrayList<>();
    if (proto != null) {
      main.add(new Match.Protocol(proto, false));
    }
    if (r.notProtocol() != null) {
      main.add(new Match.Protocol(r.notProtocol(), true));
    }
    List<List<List<Match>>> blocks = new ArrayList<>();
    if (!side(Dir.SRC, r.source(), proto, main, blocks) || !side(Dir.DST, r.destination(), proto, main, blocks)) {
      return List.of();
    }
    icmp(r.icmp(), false, main);
    icmp(r.notIcmp(), true, main);

    List<Rule> out = new ArrayList<>();
    if (!blocks.isEmpty()) {
      lowerBlocks(blocks, proto, out);
      main.add(new Match.Mark(options.marks().scratch0(), true));
    }
    Marks marks = options.marks();
    switch (r.action()) {
      case ALLOW -> {
        out.add(new Rule(main, new Target.SetMark(marks.accept()), null));
        out.add(Rule.of(Target.RETURN, new Match.Mark(marks.accept(), true)));
      }
      case PASS -> {
        out.add(new Rule(main, new Target.SetMark(marks.pass()), null));
        out.add(Rule.of(Target.RETURN, new Match.Mark(marks.pass(), true)));
      }
      case DENY -> out.add(new Rule(main, Target.DROP, null));
      case LOG -> out.add(new Rule(main, new Target.Log(LOG_PREFIX), null));
    }
    return out;
  }

  /** Adds one side's tests; false when the rule cannot match in this family. */
  private boolean side(Dir dir, EntityMatch e, Integer proto, List<Match> main, List<List<List<Match>>> blocks) {
    Optional<List<IPAddress>> nets = familyNets(e.nets(), false);
    Optional<List<IPAddress>> notNets = familyNets(e.notNets(), true);
    if (nets.isEmpty() || notNets.isEmpty()) {
      return false;
    }
    if (e.selector() != null) {
      main.add(new Match.InSet(dir, sets.selectorSet(e.selector()), false));
    }
    if (e.notSelector() != null) {
      main.add(new Match.InSet(dir, sets.selectorSet(e.notSelector()), true));
    }
    // iptables allows one address test per side (-s or ! -s), so only a lone net is inline
    boolean inline = nets.get().size() + notNets.get().size() == 1;
    addNets(dir, nets.get(), false, inline, main);
    addNets(dir, notNets.get(), true, inline, main);

    Selector portScope = e.selector() == null ? Selector.ALL : e.selector();
    List<List<Match>> alternatives = new ArrayList<>();
    if (proto != null) {
      for (List<PortRange> chunk : chunks(e.ports())) {
        alternatives.add(List.of(new Match.Ports(dir, proto, chunk, false)));
      }
      for (List<PortRange> chunk : chunks(e.notPorts())) {
        main.add(new Match.Ports(dir, proto, chunk, true));
      }
    }
    for (String name : e.namedPorts()) {
      alternatives.add(List.of(new Match.InPortSet(dir, sets.namedPortSet(portScope, proto, name), false)));
    }
    for (String name : e.notNamedPorts()) {
      main.add(new Match.InPortSet(dir, sets.namedPortSet(portScope, proto, name), true));
    }
    if (alternatives.size() == 1) {
      main.addAll(alternatives.get(0));
    } else if (alternatives.size() > 1) {
      blocks.add(alternatives);
    }
    return true;
  }

  private void addNets(Dir dir, List<IPAddress> nets, boolean negate, boolean inline, List<Match> main) {
    if (nets.isEmpty()) {
      return;
    }
    main.add(inline
        ? new Match.Cidr(dir, nets.get(0).toPrefixBlock(), negate)
        : new Match.InSet(dir, sets.netSet(nets), negate));
  }

  /**
   * Calico's FilterRuleToIPVersion for one list: the nets of this family; empty Optional when the
   * list had nets but none of this family, or (negated) one is a catch-all, so the rule is dropped.
   */
  private Optional<List<IPAddress>> familyNets(List<IPAddress> nets, boolean negated) {
    if (nets.isEmpty()) {
      return Optional.of(List.of());
    }
    List<IPAddress> mine = nets.stream().filter(n -> (ipVersion == 4) == n.isIPv4()).toList();
    if (mine.isEmpty() || (negated && mine.stream().anyMatch(n -> n.getPrefixLength() != null && n.getPrefixLength() == 0))) {
      return Optional.empty();
    }
    return Optional.of(mine);
  }

  private void icmp(Icmp icmp, boolean negate, List<Match> main) {
    if (icmp != null) {
      main.add(new Match.Icmp(ipVersion == 6, icmp.type(), icmp.code(), negate));
    }
  }

  /** Splits ports into groups that fit one port match. */
  private List<List<PortRange>> chunks(List<PortRange> ports) {
    List<List<PortRange>> out = new ArrayList<>();
    List<PortRange> current = new ArrayList<>();
    int slots = 0;
    for (PortRange p : ports) {
      if (slots + p.multiportSlots() > options.maxPortsPerRule() && !current.isEmpty()) {
        out.add(current);
        current = new ArrayList<>();
        slots = 0;
      }
      current.add(p);
      slots += p.multiportSlots();
    }
    if (!current.isEmpty()) {
      out.add(current);
    }
    return out;
  }

  /**
   * Felix's match blocks: the first block's alternatives set scratch0 directly; each later block
   * sets scratch1 (only for packets that passed the earlier blocks) and clears scratch0 when none
   * of its alternatives matched.
   */
  private void lowerBlocks(List<List<List<Match>>> blocks, Integer proto, List<Rule> out) {
    Marks m = options.marks();
    out.add(Rule.of(new Target.ClearMark(m.scratch0() | m.scratch1())));
    for (int i = 0; i < blocks.size(); i++) {
      boolean first = i == 0;
      for (List<Match> alt : blocks.get(i)) {
        List<Match> matches = new ArrayList<>();
        if (proto != null) {
          matches.add(new Match.Protocol(proto, false));
        }
        if (!first) {
          matches.add(new Match.Mark(m.scratch0(), true));
        }
        matches.addAll(alt);
        out.add(new Rule(matches, new Target.SetMark(first ? m.scratch0() : m.scratch1()), null));
      }
      if (!first) {
        out.add(Rule.of(new Target.ClearMark(m.scratch0()), new Match.Mark(m.scratch1(), false)));
        if (i < blocks.size() - 1) {
          out.add(Rule.of(new Target.ClearMark(m.scratch1())));
        }
      }
    }
  }
}
