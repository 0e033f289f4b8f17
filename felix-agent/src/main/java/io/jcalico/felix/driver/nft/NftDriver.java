package io.jcalico.felix.driver.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcalico.felix.driver.ConcurrentRead;
import io.jcalico.felix.driver.FailClosed;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.ResyncTimer;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.render.nftables.NftablesRenderer;
import io.jcalico.policy.render.nftables.NftablesRenderer.TableState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of our nftables table for one family ({@code ip calico} or {@code ip6 calico}):
 * our chains, our sets and the base chains hooked into forward and input (filter) and
 * postrouting (nat).
 *
 * <ul>
 *   <li>A change is one {@code nft -f} script, which nft applies as one transaction (all or
 *       nothing), holding only what differs from the table as we know it: changed chains are
 *       flushed and refilled, changed sets refilled, stale ones deleted (Felix's nftables mode
 *       works the same way). Replacing the whole table on every change would make the kernel
 *       re-validate every jump of a large ruleset.
 *   <li>We trust what we wrote, and read the table back ({@code nft -t -j list table}) at first
 *       and after a failure before the next write, and every resync interval beside the writer
 *       ({@link #readBackIfDue}): a chain's rule hashes come from the rule comments, so a table
 *       deleted or flushed by hand is rewritten. Set contents are not read back ({@code -t};
 *       nft may merge interval elements anyway); a set we did not write in this process is
 *       refilled once.
 *   <li>Fail closed as the iptables driver: a failed write is followed by the {@link FailClosed}
 *       state, then by the lockdown.
 * </ul>
 */
public final class NftDriver {
  private static final Logger log = LoggerFactory.getLogger(NftDriver.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(180);
  private static final String CHAINS = "chains";
  private static final String BASE = "base";
  private static final String SETS = "sets";

  private final int ipVersion;
  private final CommandRunner runner;
  private final ResyncTimer resync;
  private final NftablesRenderer renderer = new NftablesRenderer();
  private TableState known;
  private final ConcurrentRead reads = new ConcurrentRead(this);
  private String lastError;

  public NftDriver(int ipVersion, CommandRunner runner, Clock clock, Duration resyncInterval) {
    this.ipVersion = ipVersion;
    this.runner = runner;
    this.resync = new ResyncTimer(clock, resyncInterval);
  }

  private String family() {
    return ipVersion == 4 ? "ip" : "ip6";
  }

  public synchronized void resyncNow() {
    resync.request();
  }

  public synchronized String lastError() {
    return lastError;
  }

  /** Converges the table on {@code desired}; see the class comment. */
  public synchronized WriteOutcome apply(Dataplane desired) {
    if (desired.ipVersion() != ipVersion) {
      throw new IllegalArgumentException("IPv" + desired.ipVersion() + " dataplane given to the IPv" + ipVersion + " driver");
    }
    if (known == null || resync.requested()) {
      read();
    }
    WriteOutcome o = write(desired, WriteOutcome.WRITTEN);
    if (o != WriteOutcome.FAILED) {
      return o;
    }
    read();
    if (write(FailClosed.degrade(desired, known.chains(), Set.of()), WriteOutcome.FAIL_SAFE) != WriteOutcome.FAILED) {
      return WriteOutcome.FAIL_SAFE;
    }
    read();
    if (write(FailClosed.lockdown(desired), WriteOutcome.FAIL_SAFE) != WriteOutcome.FAILED) {
      return WriteOutcome.FAIL_SAFE;
    }
    return WriteOutcome.FAILED;
  }

  /** Our chains' rule hashes as last read or written. */
  public synchronized Map<String, List<String>> knownChains() {
    return known == null ? Map.of() : known.chains();
  }

  private WriteOutcome write(Dataplane dp, WriteOutcome onSuccess) {
    String script = renderer.delta(known, dp);
    if (script.isEmpty()) {
      return onSuccess == WriteOutcome.WRITTEN ? WriteOutcome.UNCHANGED : onSuccess;
    }
    CommandRunner.Output out = runner.run(List.of("nft", "-f", "-"), script);
    if (!out.ok()) {
      lastError = out.stderr().strip();
      log.warn("nft -f failed ({}): {}", onSuccess == WriteOutcome.WRITTEN ? "desired state" : "fail-safe", lastError);
      resync.request();
      return WriteOutcome.FAILED;
    }
    TableState now = TableState.of(dp);
    reads.wrote(CHAINS, known.chains(), now.chains());
    reads.wrote(BASE, known.baseChains(), now.baseChains());
    reads.wrote(SETS, known.sets(), now.sets());
    known = now;
    if (onSuccess == WriteOutcome.WRITTEN) {
      lastError = null;
    }
    return onSuccess;
  }

  /**
   * A read-back of the table when its resync interval has passed (see {@link ReadBack}), or
   * null. Call between two applies.
   */
  public synchronized ReadBack readBackIfDue() {
    if (known == null || !resync.due()) {
      return null;
    }
    Map<String, IpSet> written = known.sets();
    return reads.start(() -> list(written), seen -> {
      // a write since the read began succeeded, so the table exists whatever the read saw
      known = new TableState(seen.exists() || reads.wroteAnything(), reads.merge(CHAINS, seen.chains(), known.chains()),
          reads.merge(BASE, seen.baseChains(), known.baseChains()), reads.merge(SETS, seen.sets(), known.sets()));
      resync.read();
    });
  }

  private void read() {
    reads.supersede();
    known = list(known == null ? Map.of() : known.sets());
    resync.read();
  }

  /** The table as the kernel has it, set contents taken from {@code written}. */
  private TableState list(Map<String, IpSet> written) {
    CommandRunner.Output out = runner.run(List.of("nft", "-t", "-j", "list", "table", family(), NftablesRenderer.TABLE), null);
    if (!out.ok()) {
      if (!out.stderr().contains("No such file or directory")) {
        out.orThrow();
      }
      return TableState.ABSENT;
    }
    return parse(out.stdout(), written);
  }

  /** The table as {@code nft -j list table} shows it; set contents taken from {@code written}. */
  static TableState parse(String json, Map<String, IpSet> written) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("nft printed no JSON", e);
    }
    Map<String, List<String>> chains = new LinkedHashMap<>();
    Map<String, List<String>> base = new LinkedHashMap<>();
    Map<String, IpSet> sets = new HashMap<>();
    for (JsonNode item : root.path("nftables")) {
      if (item.has("chain")) {
        JsonNode c = item.get("chain");
        (c.has("hook") ? base : chains).put(c.path("name").asText(), new ArrayList<>());
      } else if (item.has("set")) {
        String name = item.get("set").path("name").asText();
        sets.put(name, written.get(name));
      } else if (item.has("rule")) {
        JsonNode r = item.get("rule");
        String chain = r.path("chain").asText();
        List<String> hashes = chains.containsKey(chain) ? chains.get(chain) : base.get(chain);
        if (hashes != null) {
          hashes.add(hash(r.path("comment").asText("")));
        }
      }
    }
    return new TableState(true, chains, base, sets);
  }

  /** {@code cali:<hash>; comment} to the hash; anything else to "", which matches no hash. */
  private static String hash(String comment) {
    if (!comment.startsWith("cali:")) {
      return "";
    }
    int end = comment.indexOf(';');
    return comment.substring(5, end < 0 ? comment.length() : end);
  }

  @Override
  public String toString() {
    return "nft " + family() + " " + NftablesRenderer.TABLE;
  }
}
