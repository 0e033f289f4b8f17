package io.jcalico.policy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.Dir;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.ir.Match;
import io.jcalico.policy.ir.Rule;
import io.jcalico.policy.ir.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs a packet through compiled chains the way netfilter would (jump/goto/return, marks, sets),
 * starting at a hook, for tests that check policy semantics without a kernel. Connections are
 * always NEW. A chain that runs off its end returns; the hook's kernel chain accepts by default.
 */
public final class PacketWalker {

  /** A packet on its way through the host. */
  public record Packet(String inIface, String outIface, IPAddress src, IPAddress dst, int protocol,
      int srcPort, int dstPort, int icmpType, int icmpCode) {

    public static Packet tcp(String in, String out, String src, String dst, int dport) {
      return new Packet(in, out, ip(src), ip(dst), 6, 40000, dport, -1, -1);
    }

    public static Packet udp(String in, String out, String src, String dst, int dport) {
      return new Packet(in, out, ip(src), ip(dst), 17, 40000, dport, -1, -1);
    }

    public static Packet icmp(String in, String out, String src, String dst, int type, int code) {
      IPAddress s = ip(src);
      return new Packet(in, out, s, ip(dst), s.isIPv4() ? 1 : 58, 0, 0, type, code);
    }

    static IPAddress ip(String s) {
      return new IPAddressString(s).getAddress();
    }
  }

  public enum Verdict { ACCEPT, DROP }

  private final Dataplane dp;
  private final Map<String, Chain> chains;
  private final List<String> logged = new ArrayList<>();
  private int mark;

  public PacketWalker(Dataplane dp) {
    this.dp = dp;
    this.chains = dp.chainsByName();
  }

  /** The verdict of the FORWARD hook (workload to workload, or through the host). */
  public Verdict forward(Packet p) {
    return hook("FORWARD", p);
  }

  public Verdict input(Packet p) {
    return hook("INPUT", p);
  }

  public List<String> logged() {
    return logged;
  }

  private Verdict hook(String kernelChain, Packet p) {
    mark = 0;
    logged.clear();
    for (Dataplane.Hook h : dp.hooks()) {
      if (h.kernelChain().equals(kernelChain)) {
        Verdict v = run(h.target(), p, 0);
        if (v != null) {
          return v;
        }
      }
    }
    return Verdict.ACCEPT;
  }

  /** Null when the chain returned. */
  private Verdict run(String chainName, Packet p, int depth) {
    if (depth > 50) {
      throw new IllegalStateException("chain loop at " + chainName);
    }
    Chain c = chains.get(chainName);
    if (c == null) {
      throw new IllegalStateException("jump to missing chain " + chainName);
    }
    for (Rule r : c.rules()) {
      if (!r.matches().stream().allMatch(m -> matches(m, p))) {
        continue;
      }
      Target t = r.target();
      if (t instanceof Target.Accept) {
        return Verdict.ACCEPT;
      } else if (t instanceof Target.Drop) {
        return Verdict.DROP;
      } else if (t instanceof Target.Return) {
        return null;
      } else if (t instanceof Target.Jump j) {
        Verdict v = run(j.chain(), p, depth + 1);
        if (v != null) {
          return v;
        }
      } else if (t instanceof Target.Goto g) {
        return run(g.chain(), p, depth + 1);
      } else if (t instanceof Target.SetMark s) {
        mark |= s.bits();
      } else if (t instanceof Target.ClearMark s) {
        mark &= ~s.bits();
      } else if (t instanceof Target.Log l) {
        logged.add(chainName);
      }
    }
    return null;
  }

  private boolean matches(Match m, Packet p) {
    if (m instanceof Match.InInterface i) {
      return iface(i.name(), p.inIface());
    } else if (m instanceof Match.OutInterface o) {
      return iface(o.name(), p.outIface());
    } else if (m instanceof Match.Protocol pr) {
      return (pr.number() == p.protocol()) != pr.negate();
    } else if (m instanceof Match.Cidr c) {
      IPAddress a = addr(c.dir(), p);
      boolean in = a.getIPVersion() == c.prefix().getIPVersion() && c.prefix().contains(a);
      return in != c.negate();
    } else if (m instanceof Match.InSet s) {
      IpSet set = set(s.setId());
      IPAddress a = addr(s.dir(), p);
      boolean in = set.members().stream().anyMatch(x -> x.address().getIPVersion() == a.getIPVersion()
          && (set.type() == IpSet.Type.HASH_NET ? x.address().toPrefixBlock().contains(a) : x.address().withoutPrefixLength().equals(a)));
      return in != s.negate();
    } else if (m instanceof Match.InPortSet s) {
      IPAddress a = addr(s.dir(), p);
      int port = s.dir() == Dir.SRC ? p.srcPort() : p.dstPort();
      boolean in = set(s.setId()).members().stream()
          .anyMatch(x -> x.address().withoutPrefixLength().equals(a) && x.protocol() == p.protocol() && x.port() == port);
      return in != s.negate();
    } else if (m instanceof Match.Ports pm) {
      if (p.protocol() != pm.protocol()) {
        return false;
      }
      int port = pm.dir() == Dir.SRC ? p.srcPort() : p.dstPort();
      boolean in = pm.ranges().stream().anyMatch(r -> r.min() <= port && port <= r.max());
      return in != pm.negate();
    } else if (m instanceof Match.Icmp ic) {
      if (p.protocol() != (ic.v6() ? 58 : 1)) {
        return false;
      }
      boolean in = p.icmpType() == ic.type() && (ic.code() == null || ic.code() == p.icmpCode());
      return in != ic.negate();
    } else if (m instanceof Match.Mark k) {
      return k.set() ? (mark & k.bits()) == k.bits() : (mark & k.bits()) == 0;
    } else if (m instanceof Match.Conntrack) {
      return false; // every packet here opens a new connection
    }
    throw new IllegalStateException("unknown match " + m);
  }

  private IpSet set(String id) {
    IpSet s = dp.ipSets().get(id);
    if (s == null) {
      throw new IllegalStateException("rule refers to missing set " + id);
    }
    return s;
  }

  private static IPAddress addr(Dir d, Packet p) {
    return d == Dir.SRC ? p.src() : p.dst();
  }

  private static boolean iface(String pattern, String name) {
    if (name == null) {
      return false;
    }
    return pattern.endsWith("+") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(name);
  }
}
