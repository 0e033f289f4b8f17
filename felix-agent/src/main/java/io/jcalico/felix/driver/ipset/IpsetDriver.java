package io.jcalico.felix.driver.ipset;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.driver.ConcurrentRead;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.ResyncTimer;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.hash.Names;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.ir.NatOutgoing;
import io.jcalico.policy.render.Protocols;
import io.jcalico.policy.render.ipset.IpsetRenderer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of our IP sets. A set is ours when its name is one {@link Names} derives from
 * a set ID ({@code cali40s:...}, {@code cali6tn:...}: family, main or temporary, kind letter,
 * colon) or one of the fixed IDs of {@link NatOutgoing} ({@code cali40masq-ipam-pools}, which
 * Felix names the same), so sets of other components are never touched.
 *
 * <p>Two steps around the iptables write, as Felix orders them: {@link #update} creates and
 * changes sets (new sets are built under a temporary name and swapped in whole, changed sets
 * patched member by member) in one {@code ipset restore}; {@link #removeStale} destroys the sets
 * nobody wants once the rules that used them are gone. The set contents are read back
 * ({@code ipset save}) at first and after a failure before the next write, and every resync
 * interval beside the writer ({@link #readBackIfDue}).
 */
public final class IpsetDriver {
  private static final Logger log = LoggerFactory.getLogger(IpsetDriver.class);

  /** Felix resyncs IP sets every 90 s. */
  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(90);
  /** Hashed set IDs ({@code s:...}), and the fixed ones of NAT outgoing ({@code cali40all-ipam-pools}). */
  private static final Pattern OURS = Pattern.compile(
      "cali[46][0t](?:[a-z]:.*|" + String.join("|", NatOutgoing.SET_IDS.stream().map(Pattern::quote).toList()) + ")");
  private static final String SETS = "sets";

  private final CommandRunner runner;
  private final ResyncTimer resync;
  private final IpsetRenderer renderer = new IpsetRenderer();
  /** Our sets in the kernel by name, as last read or written (IDs are the kernel names). */
  private Map<String, IpSet> known;
  private Set<String> wanted = Set.of();
  private final ConcurrentRead reads = new ConcurrentRead(this);
  private String lastError;

  public IpsetDriver(CommandRunner runner, Clock clock, Duration resyncInterval) {
    this.runner = runner;
    this.resync = new ResyncTimer(clock, resyncInterval);
  }

  public synchronized void resyncNow() {
    resync.request();
  }

  public synchronized String lastError() {
    return lastError;
  }

  /**
   * Brings every desired set up to date (both families at once). Returns the IDs of the sets
   * that still differ from what is wanted after a failure (empty when all is well): rules using
   * them must not be trusted.
   */
  public synchronized Set<String> update(Collection<IpSet> desired) {
    wanted = new LinkedHashSet<>();
    desired.forEach(s -> wanted.add(Names.mainIpSet(s.ipVersion(), s.id())));
    if (known == null || resync.requested()) {
      read();
    }
    String text = renderer.delta(known, desired);
    if (text.isEmpty()) {
      return Set.of();
    }
    CommandRunner.Output out = runner.run(List.of("ipset", "restore"), text);
    if (out.ok()) {
      Map<String, IpSet> before = reads.reading() ? new TreeMap<>(known) : Map.of();
      desired.forEach(s -> known.put(Names.mainIpSet(s.ipVersion(), s.id()), s));
      reads.wrote(SETS, before, known);
      lastError = null;
      return Set.of();
    }
    lastError = out.stderr().strip();
    log.warn("ipset restore failed: {}", lastError);
    resync.request();
    read(); // restore stops at the first bad line: find out what did get through
    Set<String> unsettled = new LinkedHashSet<>();
    for (IpSet s : desired) {
      IpSet have = known.get(Names.mainIpSet(s.ipVersion(), s.id()));
      if (have == null || have.type() != s.type() || !have.members().equals(s.members())) {
        unsettled.add(s.id());
      }
    }
    return unsettled;
  }

  /**
   * Destroys our sets that the last {@link #update} did not want, and leftover temporary sets.
   * Call only after the rules that used them are gone. Returns whether it succeeded.
   */
  public synchronized boolean removeStale() {
    if (known == null) {
      return true;
    }
    List<String> stale = known.keySet().stream().filter(n -> !wanted.contains(n)).toList();
    if (stale.isEmpty()) {
      return true;
    }
    CommandRunner.Output out = runner.run(List.of("ipset", "restore"), renderer.destroy(stale));
    if (out.ok()) {
      Map<String, IpSet> before = reads.reading() ? new TreeMap<>(known) : Map.of();
      stale.forEach(known::remove);
      reads.wrote(SETS, before, known);
      return true;
    }
    lastError = out.stderr().strip();
    log.warn("destroying stale IP sets failed: {}", lastError);
    resync.request();
    return false;
  }

  /** Names of our sets as last known. */
  public synchronized Set<String> knownSets() {
    return known == null ? Set.of() : Set.copyOf(known.keySet());
  }

  /**
   * A read-back of our sets when the resync interval has passed (see {@link ReadBack}), or null.
   * Call between two updates.
   */
  public synchronized ReadBack readBackIfDue() {
    if (known == null || !resync.due()) {
      return null;
    }
    return reads.start(this::save, seen -> {
      known = new TreeMap<>(reads.merge(SETS, seen, known));
      resync.read();
    });
  }

  private void read() {
    reads.supersede();
    known = save();
    resync.read();
  }

  private Map<String, IpSet> save() {
    return parse(runner.run(List.of("ipset", "save"), null).orThrow().stdout());
  }

  /** Our sets in {@code ipset save} output, keyed (and identified) by name. */
  static Map<String, IpSet> parse(String save) {
    Map<String, IpSet.Type> types = new TreeMap<>();
    Map<String, Integer> versions = new HashMap<>();
    Map<String, List<IpSet.Member>> members = new HashMap<>();
    for (String line : save.split("\n")) {
      String[] f = line.split(" ");
      if (f.length < 3 || !OURS.matcher(f[1]).matches()) {
        continue;
      }
      String name = f[1];
      if (f[0].equals("create")) {
        types.put(name, type(f[2]));
        versions.put(name, line.contains(" family inet6") ? 6 : 4);
        members.put(name, new ArrayList<>());
      } else if (f[0].equals("add") && types.containsKey(name)) {
        members.get(name).add(member(types.get(name), f[2]));
      }
    }
    Map<String, IpSet> out = new TreeMap<>();
    types.forEach((name, type) -> out.put(name, IpSet.of(name, versions.get(name), type, members.get(name))));
    return out;
  }

  private static IpSet.Type type(String ipsetName) {
    for (IpSet.Type t : IpSet.Type.values()) {
      if (t.ipsetName().equals(ipsetName)) {
        return t;
      }
    }
    return null; // not a type we write: any desired set of that name differs and is rewritten
  }

  private static IpSet.Member member(IpSet.Type type, String text) {
    if (type == IpSet.Type.HASH_IP_PORT) {
      int comma = text.indexOf(',');
      int colon = text.indexOf(':', comma);
      return IpSet.Member.of(address(text.substring(0, comma)),
          Protocols.number(text.substring(comma + 1, colon)), Integer.parseInt(text.substring(colon + 1)));
    }
    IPAddress a = address(text);
    // ipset prints a single-address network without its prefix length
    return IpSet.Member.of(type == IpSet.Type.HASH_NET && !a.isPrefixed() ? a.toPrefixBlock(a.getBitCount()) : a);
  }

  private static IPAddress address(String text) {
    return new IPAddressString(text).getAddress();
  }
}
