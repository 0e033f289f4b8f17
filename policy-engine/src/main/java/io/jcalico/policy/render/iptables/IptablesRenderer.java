package io.jcalico.policy.render.iptables;

import io.jcalico.policy.hash.Names;
import io.jcalico.policy.hash.RuleHashes;
import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.Dir;
import io.jcalico.policy.ir.Match;
import io.jcalico.policy.ir.Rule;
import io.jcalico.policy.ir.Target;
import io.jcalico.policy.model.PortRange;
import io.jcalico.policy.render.Protocols;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The filter table as {@code iptables-restore --noflush} input (use {@code ip6tables-restore}
 * for an IPv6 dataplane). Every rule starts with a comment {@code cali:<hash>}, Felix's rule ID,
 * so a driver can read the table back, compare hashes and send only {@link #delta} lines.
 * Declaring a chain ({@code :name - [0:0]}) creates or flushes it; kernel chains are never
 * declared, only hooked into with {@link #hookInsert}.
 */
public final class IptablesRenderer {

  public static final String HASH_PREFIX = "cali:";

  /** Every chain declared (so flushed) and written in full; stale chains are left alone. */
  public String restore(Dataplane dp) {
    List<String> lines = new ArrayList<>();
    lines.add("*filter");
    dp.chains().forEach(c -> lines.add(":" + c.name() + " - [0:0]"));
    for (Chain c : dp.chains()) {
      for (int i = 0; i < c.rules().size(); i++) {
        lines.add(line("-A " + c.name(), c, i, dp.ipVersion()));
      }
    }
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }

  /**
   * What turns {@code previous} into {@code desired}: new chains declared and filled; in a chain
   * that changed, rules from the first differing hash on are replaced ({@code -R}), appended or
   * deleted (from the end); chains no longer wanted are flushed and then deleted, after every
   * rule that could refer to them has been rewritten. Empty (no table) when nothing changed.
   */
  public String delta(Dataplane previous, Dataplane desired) {
    Map<String, List<String>> before = new LinkedHashMap<>();
    previous.chains().forEach(c -> before.put(c.name(), c.ruleHashes()));
    return delta(before, desired);
  }

  /**
   * The same from what a driver read back from the kernel: the rule hashes of each of our chains
   * in order (a rule without our hash counts as differing from any rule). Kernel chains must not
   * be among them.
   */
  public String delta(Map<String, List<String>> actualHashes, Dataplane desired) {
    return delta(actualHashes, desired, List.of());
  }

  /**
   * {@link #delta(Map, Dataplane)} followed, in the same transaction, by the given hooks
   * inserted at the top of their kernel chains (a driver passes those it found missing).
   */
  public String delta(Map<String, List<String>> actualHashes, Dataplane desired, List<Dataplane.Hook> missingHooks) {
    return delta(Dataplane.Table.FILTER, actualHashes, desired, missingHooks);
  }

  /** The same for our chains in {@code table} (the filter or the nat table). */
  public String delta(Dataplane.Table table, Map<String, List<String>> actualHashes, Dataplane desired,
      List<Dataplane.Hook> missingHooks) {
    Map<String, Chain> after = desired.chainsByName();
    List<String> lines = new ArrayList<>();
    after.values().stream().filter(c -> !actualHashes.containsKey(c.name())).forEach(c -> lines.add(":" + c.name() + " - [0:0]"));
    int v = desired.ipVersion();
    for (Chain c : after.values()) {
      List<String> oldHashes = actualHashes.getOrDefault(c.name(), List.of());
      List<String> newHashes = c.ruleHashes();
      int same = 0;
      while (same < oldHashes.size() && same < newHashes.size() && newHashes.get(same).equals(oldHashes.get(same))) {
        same++;
      }
      int common = Math.min(oldHashes.size(), newHashes.size());
      for (int i = same; i < common; i++) {
        lines.add(line("-R " + c.name() + " " + (i + 1), c, i, v));
      }
      for (int i = common; i < newHashes.size(); i++) {
        lines.add(line("-A " + c.name(), c, i, v));
      }
      for (int i = oldHashes.size(); i > newHashes.size(); i--) {
        lines.add("-D " + c.name() + " " + i);
      }
    }
    missingHooks.forEach(h -> lines.add(hookInsert(h)));
    List<String> stale = actualHashes.keySet().stream().filter(n -> !after.containsKey(n)).toList();
    stale.forEach(n -> lines.add("-F " + n));
    stale.forEach(n -> lines.add("-X " + n));
    if (lines.isEmpty()) {
      return "";
    }
    lines.add(0, "*" + table.iptablesName());
    lines.add("COMMIT");
    return String.join("\n", lines) + "\n";
  }

  /** The hash {@link #hookArgs} stamps on a hook's rule, to find it in a read-back. */
  public static String hookHash(Dataplane.Hook hook) {
    return RuleHashes.of(hook.kernelChain(), List.of("-> " + hook.target())).get(0);
  }

  /** The rule that sends a kernel chain's packets to ours, to insert at position 1. */
  public String hookInsert(Dataplane.Hook hook) {
    return "-I " + hook.kernelChain() + " 1 " + hookArgs(hook);
  }

  /** The same rule for {@code iptables -C}/{@code -D}: its arguments after the chain name. */
  public String hookArgs(Dataplane.Hook hook) {
    return "-m comment --comment \"" + HASH_PREFIX + hookHash(hook) + "\" -j " + hook.target();
  }

  private String line(String verb, Chain c, int i, int ipVersion) {
    Rule r = c.rules().get(i);
    StringBuilder sb = new StringBuilder(verb);
    sb.append(" -m comment --comment \"").append(HASH_PREFIX).append(c.ruleHashes().get(i)).append('"');
    if (r.comment() != null) {
      sb.append(" -m comment --comment \"").append(r.comment().replace('"', '\'')).append('"');
    }
    for (Match m : r.matches()) {
      sb.append(' ').append(match(m, ipVersion));
    }
    sb.append(' ').append(target(r.target()));
    return sb.toString();
  }

  String match(Match m, int ipVersion) {
    if (m instanceof Match.InInterface i) {
      return "-i " + i.name();
    } else if (m instanceof Match.OutInterface o) {
      return "-o " + o.name();
    } else if (m instanceof Match.Protocol p) {
      return not(p.negate()) + "-p " + Protocols.name(p.number());
    } else if (m instanceof Match.Cidr c) {
      return not(c.negate()) + (c.dir() == Dir.SRC ? "-s " : "-d ") + c.prefix();
    } else if (m instanceof Match.InSet s) {
      return "-m set " + not(s.negate()) + "--match-set " + Names.mainIpSet(ipVersion, s.setId()) + " " + dir(s.dir());
    } else if (m instanceof Match.InPortSet s) {
      String d = dir(s.dir());
      return "-m set " + not(s.negate()) + "--match-set " + Names.mainIpSet(ipVersion, s.setId()) + " " + d + "," + d;
    } else if (m instanceof Match.Ports p) {
      String ports = p.ranges().stream().map(PortRange::toString).collect(Collectors.joining(","));
      return "-m multiport " + not(p.negate()) + (p.dir() == Dir.SRC ? "--sports " : "--dports ") + ports;
    } else if (m instanceof Match.Icmp i) {
      String typeCode = i.code() == null ? Integer.toString(i.type()) : i.type() + "/" + i.code();
      return (i.v6() ? "-m icmp6 " : "-m icmp ") + not(i.negate()) + (i.v6() ? "--icmpv6-type " : "--icmp-type ") + typeCode;
    } else if (m instanceof Match.Mark k) {
      return "-m mark --mark " + hex(k.set() ? k.bits() : 0) + "/" + hex(k.bits());
    } else if (m instanceof Match.Conntrack c) {
      return "-m conntrack --ctstate "
          + (c.state() == Match.Conntrack.State.INVALID ? "INVALID" : "RELATED,ESTABLISHED");
    }
    throw new IllegalStateException("unknown match " + m);
  }

  String target(Target t) {
    if (t instanceof Target.Accept) {
      return "-j ACCEPT";
    } else if (t instanceof Target.Drop) {
      return "-j DROP";
    } else if (t instanceof Target.Return) {
      return "-j RETURN";
    } else if (t instanceof Target.Jump j) {
      return "-j " + j.chain();
    } else if (t instanceof Target.Goto g) {
      return "-g " + g.chain();
    } else if (t instanceof Target.SetMark s) {
      return "-j MARK --set-xmark " + hex(s.bits()) + "/" + hex(s.bits());
    } else if (t instanceof Target.ClearMark c) {
      return "-j MARK --set-xmark 0x0/" + hex(c.bits());
    } else if (t instanceof Target.Log l) {
      return "-j LOG --log-prefix \"" + l.prefix() + ": \" --log-level 5";
    } else if (t instanceof Target.Masquerade m) {
      return "-j MASQUERADE" + (m.randomFully() ? " --random-fully" : "");
    }
    throw new IllegalStateException("unknown target " + t);
  }

  private static String not(boolean negate) {
    return negate ? "! " : "";
  }

  private static String dir(Dir d) {
    return d == Dir.SRC ? "src" : "dst";
  }

  private static String hex(int v) {
    return "0x" + Integer.toHexString(v);
  }
}
