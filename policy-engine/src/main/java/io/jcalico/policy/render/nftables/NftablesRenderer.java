package io.jcalico.policy.render.nftables;

import io.jcalico.policy.hash.Names;
import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.ir.Dir;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.ir.Match;
import io.jcalico.policy.ir.Rule;
import io.jcalico.policy.ir.Target;
import io.jcalico.policy.model.PortRange;
import io.jcalico.policy.render.Protocols;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The same dataplane as an {@code nft -f} script: one table per family ({@code ip calico},
 * {@code ip6 calico}) holding the sets and chains, with base chains hooked into forward and
 * input. The script adds, deletes and re-creates each table, which nft applies as one
 * transaction: the ruleset is replaced atomically or not at all. Rules carry the same
 * {@code cali:<hash>} IDs as the iptables backend, in nft comments.
 */
public final class NftablesRenderer {

  public static final String TABLE = "calico";

  /** Both families' tables, each with its nat chains when the state manages nat. */
  public String ruleset(DesiredState state) {
    return table(withNat(state, 4)) + table(withNat(state, 6));
  }

  /** The family's filter chains and, when managed, its nat chains: what one nft table holds. */
  public static Dataplane withNat(DesiredState state, int ipVersion) {
    Dataplane nat = state.nat(ipVersion);
    return nat == null ? state.family(ipVersion) : state.family(ipVersion).plus(nat);
  }

  /** One family's table, replacing whatever table of that name exists. */
  public String table(Dataplane dp) {
    String family = dp.ipVersion() == 4 ? "ip" : "ip6";
    StringBuilder sb = new StringBuilder();
    sb.append("table ").append(family).append(' ').append(TABLE).append('\n');
    sb.append("delete table ").append(family).append(' ').append(TABLE).append('\n');
    sb.append("table ").append(family).append(' ').append(TABLE).append(" {\n");
    for (IpSet s : dp.ipSets().values()) {
      set(s, sb);
    }
    for (Chain c : dp.chains()) {
      sb.append("\tchain ").append(c.name()).append(" {\n");
      for (int i = 0; i < c.rules().size(); i++) {
        sb.append("\t\t").append(rule(c.rules().get(i), c.ruleHashes().get(i), dp.ipVersion())).append('\n');
      }
      sb.append("\t}\n");
    }
    for (Dataplane.Hook h : dp.hooks()) {
      sb.append("\tchain ").append(baseChain(h)).append(" {\n");
      sb.append("\t\t").append(hookSpec(h)).append('\n');
      sb.append("\t\tjump ").append(h.target()).append('\n');
      sb.append("\t}\n");
    }
    sb.append("}\n");
    return sb.toString();
  }

  /**
   * What a driver knows of one family's table in the kernel: whether it exists, the rule hashes
   * of our chains and of the base chains (a rule without our hash as ""), and our sets by nft
   * name with their contents, or null where the contents are not known (then they are rewritten).
   */
  public record TableState(
      boolean exists, Map<String, List<String>> chains, Map<String, List<String>> baseChains, Map<String, IpSet> sets) {
    public static final TableState ABSENT = new TableState(false, Map.of(), Map.of(), Map.of());

    public TableState {
      chains = Collections.unmodifiableMap(new LinkedHashMap<>(chains));
      baseChains = Collections.unmodifiableMap(new LinkedHashMap<>(baseChains));
      sets = Collections.unmodifiableMap(new LinkedHashMap<>(sets));
    }

    /** The state of a table just written from {@code dp}. */
    public static TableState of(Dataplane dp) {
      Map<String, List<String>> chains = new LinkedHashMap<>();
      dp.chains().forEach(c -> chains.put(c.name(), c.ruleHashes()));
      Map<String, List<String>> base = new LinkedHashMap<>();
      dp.hooks().forEach(h -> base.put(baseChain(h), List.of(""))); // one jump, no comment
      Map<String, IpSet> sets = new LinkedHashMap<>();
      dp.ipSets().values().forEach(st -> sets.put(setName(st.ipVersion(), st.id()), st));
      return new TableState(true, chains, base, sets);
    }
  }

  /**
   * An {@code nft -f} script that turns the table {@code actual} describes into {@code desired}
   * in one transaction, touching only what differs: missing sets and chains added, changed sets
   * flushed and refilled, changed chains flushed and refilled, base chains (re)hooked if they are
   * not as we write them, then stale chains flushed and deleted and stale sets deleted. Empty
   * when nothing differs.
   */
  public String delta(TableState actual, Dataplane desired) {
    String family = desired.ipVersion() == 4 ? "ip" : "ip6";
    String table = family + " " + TABLE;
    StringBuilder sb = new StringBuilder();
    if (!actual.exists()) {
      sb.append("add table ").append(table).append('\n');
    }
    Set<String> wantedSets = new HashSet<>();
    for (IpSet s : desired.ipSets().values()) {
      String name = setName(s.ipVersion(), s.id());
      wantedSets.add(name);
      if (!actual.sets().containsKey(name)) {
        sb.append("add set ").append(table).append(' ').append(name).append(" { ").append(setType(s)).append(" }\n");
      } else if (s.equals(actual.sets().get(name))) {
        continue;
      } else {
        sb.append("flush set ").append(table).append(' ').append(name).append('\n');
      }
      if (!s.members().isEmpty()) {
        sb.append("add element ").append(table).append(' ').append(name).append(" { ")
            .append(s.members().stream().map(m -> element(s.type(), m)).collect(Collectors.joining(", "))).append(" }\n");
      }
    }
    Map<String, Chain> wanted = desired.chainsByName();
    wanted.keySet().stream().filter(n -> !actual.chains().containsKey(n))
        .forEach(n -> sb.append("add chain ").append(table).append(' ').append(n).append('\n'));
    for (Chain c : desired.chains()) {
      List<String> have = actual.chains().get(c.name());
      if (c.ruleHashes().equals(have)) {
        continue;
      }
      if (have != null && !have.isEmpty()) {
        sb.append("flush chain ").append(table).append(' ').append(c.name()).append('\n');
      }
      for (int i = 0; i < c.rules().size(); i++) {
        sb.append("add rule ").append(table).append(' ').append(c.name()).append(' ')
            .append(rule(c.rules().get(i), c.ruleHashes().get(i), desired.ipVersion())).append('\n');
      }
    }
    Set<String> wantedBase = new HashSet<>();
    for (Dataplane.Hook h : desired.hooks()) {
      String name = baseChain(h);
      wantedBase.add(name);
      if (!List.of("").equals(actual.baseChains().get(name))) {
        sb.append("add chain ").append(table).append(' ').append(name).append(" { ").append(hookSpec(h)).append(" }\n");
        sb.append("flush chain ").append(table).append(' ').append(name).append('\n');
        sb.append("add rule ").append(table).append(' ').append(name).append(" jump ").append(h.target()).append('\n');
      }
    }
    List<String> staleChains = new ArrayList<>(actual.chains().keySet().stream().filter(n -> !wanted.containsKey(n)).toList());
    actual.baseChains().keySet().stream().filter(n -> !wantedBase.contains(n)).forEach(staleChains::add);
    staleChains.forEach(n -> sb.append("flush chain ").append(table).append(' ').append(n).append('\n'));
    staleChains.forEach(n -> sb.append("delete chain ").append(table).append(' ').append(n).append('\n'));
    actual.sets().keySet().stream().filter(n -> !wantedSets.contains(n))
        .forEach(n -> sb.append("delete set ").append(table).append(' ').append(n).append('\n'));
    return sb.toString();
  }

  /** The base chain that hooks {@code h} into the kernel: {@code filter-FORWARD}, {@code nat-POSTROUTING}. */
  public static String baseChain(Dataplane.Hook h) {
    return h.table().iptablesName() + "-" + h.kernelChain();
  }

  /** A base chain of the hook's type at iptables' priority for that table and hook. */
  private static String hookSpec(Dataplane.Hook h) {
    String hook = h.kernelChain().toLowerCase(Locale.ROOT);
    String priority = switch (h.table()) {
      case FILTER -> "filter";
      case NAT -> hook.equals("prerouting") || hook.equals("output") ? "dstnat" : "srcnat";
    };
    return "type " + h.table().iptablesName() + " hook " + hook + " priority " + priority + "; policy accept;";
  }

  private static String setType(IpSet s) {
    String addr = s.ipVersion() == 4 ? "ipv4_addr" : "ipv6_addr";
    return switch (s.type()) {
      case HASH_IP -> "type " + addr + ";";
      case HASH_NET -> "type " + addr + "; flags interval; auto-merge;";
      case HASH_IP_PORT -> "type " + addr + " . inet_proto . inet_service;";
    };
  }

  /** nft set names cannot hold the colon of Calico's set IDs. */
  public static String setName(int ipVersion, String setId) {
    return Names.mainIpSet(ipVersion, setId).replace(':', '-');
  }

  private void set(IpSet s, StringBuilder sb) {
    String addr = s.ipVersion() == 4 ? "ipv4_addr" : "ipv6_addr";
    sb.append("\tset ").append(setName(s.ipVersion(), s.id())).append(" {\n");
    switch (s.type()) {
      case HASH_IP -> sb.append("\t\ttype ").append(addr).append('\n');
      case HASH_NET -> sb.append("\t\ttype ").append(addr).append("\n\t\tflags interval\n\t\tauto-merge\n");
      case HASH_IP_PORT -> sb.append("\t\ttype ").append(addr).append(" . inet_proto . inet_service\n");
    }
    if (!s.members().isEmpty()) {
      String elements = s.members().stream().map(m -> element(s.type(), m)).collect(Collectors.joining(", "));
      sb.append("\t\telements = { ").append(elements).append(" }\n");
    }
    sb.append("\t}\n");
  }

  private static String element(IpSet.Type type, IpSet.Member m) {
    return switch (type) {
      case HASH_IP -> m.address().withoutPrefixLength().toCanonicalString();
      case HASH_NET -> m.address().toPrefixBlock().toCanonicalString();
      case HASH_IP_PORT -> m.address().withoutPrefixLength().toCanonicalString() + " . "
          + Protocols.name(m.protocol()) + " . " + m.port();
    };
  }

  private String rule(Rule r, String hash, int ipVersion) {
    StringBuilder sb = new StringBuilder();
    for (Match m : r.matches()) {
      sb.append(match(m, ipVersion)).append(' ');
    }
    sb.append("counter ").append(target(r.target()));
    String comment = "cali:" + hash + (r.comment() == null ? "" : "; " + r.comment());
    sb.append(" comment \"").append(comment.replace('"', '\'')).append('"');
    return sb.toString();
  }

  String match(Match m, int ipVersion) {
    String ip = ipVersion == 4 ? "ip" : "ip6";
    if (m instanceof Match.InInterface i) {
      return "iifname " + iface(i.name());
    } else if (m instanceof Match.OutInterface o) {
      return "oifname " + iface(o.name());
    } else if (m instanceof Match.Protocol p) {
      return "meta l4proto " + op(p.negate()) + Protocols.name(p.number());
    } else if (m instanceof Match.Cidr c) {
      return ip + " " + addr(c.dir()) + " " + op(c.negate()) + c.prefix().toCanonicalString();
    } else if (m instanceof Match.InSet s) {
      return ip + " " + addr(s.dir()) + " " + op(s.negate()) + "@" + setName(ipVersion, s.setId());
    } else if (m instanceof Match.InPortSet s) {
      return ip + " " + addr(s.dir()) + " . meta l4proto . th " + port(s.dir()) + " " + op(s.negate())
          + "@" + setName(ipVersion, s.setId());
    } else if (m instanceof Match.Ports p) {
      String ports = p.ranges().stream()
          .map(r -> r.isSingle() ? Integer.toString(r.min()) : r.min() + "-" + r.max())
          .collect(Collectors.joining(", "));
      return "th " + port(p.dir()) + " " + op(p.negate()) + "{ " + ports + " }";
    } else if (m instanceof Match.Icmp i) {
      String kw = i.v6() ? "icmpv6" : "icmp";
      if (i.code() == null) {
        return kw + " type " + op(i.negate()) + i.type();
      }
      if (i.negate()) {
        return kw + " type . " + kw + " code != { " + i.type() + " . " + i.code() + " }";
      }
      return kw + " type " + i.type() + " " + kw + " code " + i.code();
    } else if (m instanceof Match.Mark k) {
      return "meta mark & " + hex(k.bits()) + " == " + hex(k.set() ? k.bits() : 0);
    } else if (m instanceof Match.Conntrack c) {
      return "ct state " + (c.state() == Match.Conntrack.State.INVALID ? "invalid" : "established,related");
    }
    throw new IllegalStateException("unknown match " + m);
  }

  String target(Target t) {
    if (t instanceof Target.Accept) {
      return "accept";
    } else if (t instanceof Target.Drop) {
      return "drop";
    } else if (t instanceof Target.Return) {
      return "return";
    } else if (t instanceof Target.Jump j) {
      return "jump " + j.chain();
    } else if (t instanceof Target.Goto g) {
      return "goto " + g.chain();
    } else if (t instanceof Target.SetMark s) {
      return "meta mark set meta mark | " + hex(s.bits());
    } else if (t instanceof Target.ClearMark c) {
      return "meta mark set meta mark & " + hex(~c.bits());
    } else if (t instanceof Target.Log l) {
      return "log prefix \"" + l.prefix() + ": \" level notice";
    } else if (t instanceof Target.Masquerade m) {
      return "masquerade" + (m.randomFully() ? " fully-random" : "");
    }
    throw new IllegalStateException("unknown target " + t);
  }

  /** iptables' {@code +} wildcard is nft's {@code *}. */
  private static String iface(String name) {
    return "\"" + (name.endsWith("+") ? name.substring(0, name.length() - 1) + "*" : name) + "\"";
  }

  private static String op(boolean negate) {
    return negate ? "!= " : "";
  }

  private static String addr(Dir d) {
    return d == Dir.SRC ? "saddr" : "daddr";
  }

  private static String port(Dir d) {
    return d == Dir.SRC ? "sport" : "dport";
  }

  private static String hex(int v) {
    return "0x" + HexFormat.of().toHexDigits(v);
  }
}
