package io.jcalico.policy.render.ipset;

import io.jcalico.policy.hash.Names;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.render.Protocols;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * IP sets as {@code ipset restore} input. A set is (re)written whole the way Felix does it: built
 * under its temporary name ({@code cali4t...}), swapped with the live set in one step, the
 * temporary destroyed; so rules never see a half-filled set. Incremental updates add and delete
 * members of live sets. Sets are destroyed only by {@link #destroyStale}, which a driver runs
 * after the iptables update that stopped referring to them.
 */
public final class IpsetRenderer {

  /** Felix's default maximum set size. */
  public static final int MAX_SIZE = 1048576;

  /** Every set of the dataplane rewritten via temp-and-swap. */
  public String restore(Dataplane dp) {
    List<String> lines = new ArrayList<>();
    dp.ipSets().values().forEach(s -> rewrite(s, lines));
    return text(lines);
  }

  /**
   * What turns {@code previous} sets into {@code desired} ones: new sets written whole, changed
   * sets patched member by member (deletions first), equal sets untouched.
   */
  public String delta(Dataplane previous, Dataplane desired) {
    Map<String, IpSet> before = new TreeMap<>();
    previous.ipSets().values().forEach(s -> before.put(Names.mainIpSet(s.ipVersion(), s.id()), s));
    return delta(before, desired.ipSets().values());
  }

  /**
   * The same from what a driver read back: {@code actual} keyed by kernel set name (the IDs of
   * its sets are not looked at). A set of another type is rewritten whole.
   */
  public String delta(Map<String, IpSet> actual, Collection<IpSet> desired) {
    List<String> lines = new ArrayList<>();
    for (IpSet s : desired) {
      String name = Names.mainIpSet(s.ipVersion(), s.id());
      IpSet old = actual.get(name);
      if (old == null || old.type() != s.type() || old.ipVersion() != s.ipVersion()) {
        rewrite(s, lines);
      } else if (!old.members().equals(s.members())) {
        Set<String> before = members(old);
        Set<String> after = members(s);
        before.stream().filter(m -> !after.contains(m)).forEach(m -> lines.add("del " + name + " " + m));
        after.stream().filter(m -> !before.contains(m)).forEach(m -> lines.add("add " + name + " " + m));
      }
    }
    return text(lines);
  }

  /** Destroys the sets {@code desired} no longer has. */
  public String destroyStale(Dataplane previous, Dataplane desired) {
    List<String> stale = new ArrayList<>();
    for (Map.Entry<String, IpSet> e : previous.ipSets().entrySet()) {
      if (!desired.ipSets().containsKey(e.getKey())) {
        stale.add(Names.mainIpSet(previous.ipVersion(), e.getKey()));
      }
    }
    return destroy(stale);
  }

  /** Destroys the named sets (a driver passes those of ours it found and no longer wants). */
  public String destroy(Collection<String> names) {
    return text(names.stream().map(n -> "destroy " + n).toList());
  }

  private void rewrite(IpSet s, List<String> lines) {
    String main = Names.mainIpSet(s.ipVersion(), s.id());
    String temp = Names.tempIpSet(s.ipVersion(), s.id());
    String header = " " + s.type().ipsetName() + " family " + (s.ipVersion() == 4 ? "inet" : "inet6")
        + " maxelem " + MAX_SIZE + " -exist";
    lines.add("create " + main + header);
    lines.add("create " + temp + header);
    lines.add("flush " + temp);
    members(s).forEach(m -> lines.add("add " + temp + " " + m));
    lines.add("swap " + temp + " " + main);
    lines.add("destroy " + temp);
  }

  private static Set<String> members(IpSet s) {
    Set<String> out = new TreeSet<>();
    s.members().forEach(m -> out.add(memberText(s.type(), m)));
    return out;
  }

  /** A member as ipset(8) takes it on its command line. */
  public static String memberText(IpSet.Type type, IpSet.Member m) {
    return switch (type) {
      case HASH_IP -> m.address().withoutPrefixLength().toCanonicalString();
      case HASH_NET -> m.address().toPrefixBlock().toCanonicalString();
      case HASH_IP_PORT -> m.address().withoutPrefixLength().toCanonicalString() + ","
          + Protocols.ipsetName(m.protocol()) + ":" + m.port();
    };
  }

  private static String text(List<String> lines) {
    return lines.isEmpty() ? "" : String.join("\n", lines) + "\n";
  }
}
