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
import io.jcalico.policy.render.Protocols;
import java.util.List;
import java.util.Locale;
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

  public String ruleset(DesiredState state) {
    return table(state.v4()) + table(state.v6());
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
      sb.append("\tchain filter-").append(h.kernelChain()).append(" {\n");
      sb.append("\t\ttype filter hook ").append(h.kernelChain().toLowerCase(Locale.ROOT))
          .append(" priority filter; policy accept;\n");
      sb.append("\t\tjump ").append(h.target()).append('\n');
      sb.append("\t}\n");
    }
    sb.append("}\n");
    return sb.toString();
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

  /** {@code 0x} and eight hex digits (String.format is slow on the per-rule path). */
  private static String hex(int v) {
    String h = Integer.toHexString(v);
    return "0x" + "00000000".substring(h.length()) + h;
  }
}
