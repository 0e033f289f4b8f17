package io.jcalico.felix.driver.nft;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcalico.felix.driver.FailClosed;
import io.jcalico.felix.driver.ResyncTimer;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.shim.Clock;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.render.nftables.NftablesRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of our nftables table for one family ({@code ip calico} or {@code ip6 calico}),
 * holding our chains, our sets and the base chains hooked into forward and input.
 *
 * <ul>
 *   <li>A change is one {@code nft -f} that replaces the table in one transaction: the kernel
 *       switches from the old ruleset to the new one atomically or not at all.
 *   <li>We write when the desired dataplane differs from what we last wrote, or when a read-back
 *       ({@code nft -j list table}) differs from it: a chain's rule hashes (from the rule
 *       comments), the set names or the base chains. Read-backs happen at first, after a failure
 *       and every resync interval, so a table deleted or flushed by hand comes back.
 *   <li>Fail closed as the iptables driver: a failed write is followed by the {@link FailClosed}
 *       state, then by the lockdown.
 * </ul>
 */
public final class NftDriver {
  private static final Logger log = LoggerFactory.getLogger(NftDriver.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final Duration DEFAULT_RESYNC = Duration.ofSeconds(180);
  private static final String BASE_PREFIX = "filter-";

  /** What the kernel's table holds, as far as we compare it. */
  record TableState(Map<String, List<String>> chains, Set<String> sets, Map<String, List<String>> baseChains) {
    static final TableState ABSENT = new TableState(Map.of(), Set.of(), Map.of());

    static TableState of(Dataplane dp) {
      Map<String, List<String>> chains = new LinkedHashMap<>();
      dp.chains().forEach(c -> chains.put(c.name(), c.ruleHashes()));
      Set<String> sets = new HashSet<>();
      dp.ipSets().values().forEach(s -> sets.add(NftablesRenderer.setName(s.ipVersion(), s.id())));
      Map<String, List<String>> base = new LinkedHashMap<>();
      dp.hooks().forEach(h -> base.put(BASE_PREFIX + h.kernelChain(), List.of(""))); // one jump, no comment
      return new TableState(chains, sets, base);
    }
  }

  private final int ipVersion;
  private final CommandRunner runner;
  private final ResyncTimer resync;
  private final NftablesRenderer renderer = new NftablesRenderer();
  /** What the table holds: the dataplane we last wrote, or null when unknown or not ours. */
  private Dataplane written;
  private TableState known;
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
    if (known == null || resync.due()) {
      read();
    }
    if (desired.equals(written) && known.equals(TableState.of(desired))) {
      return WriteOutcome.UNCHANGED;
    }
    if (write(desired, WriteOutcome.WRITTEN)) {
      return WriteOutcome.WRITTEN;
    }
    read();
    if (write(FailClosed.degrade(desired, known.chains(), Set.of()), WriteOutcome.FAIL_SAFE)
        || write(FailClosed.lockdown(desired), WriteOutcome.FAIL_SAFE)) {
      return WriteOutcome.FAIL_SAFE;
    }
    return WriteOutcome.FAILED;
  }

  /** Our chains' rule hashes as last read or written. */
  public synchronized Map<String, List<String>> knownChains() {
    return known == null ? Map.of() : known.chains();
  }

  private boolean write(Dataplane dp, WriteOutcome what) {
    CommandRunner.Output out = runner.run(List.of("nft", "-f", "-"), renderer.table(dp));
    if (!out.ok()) {
      lastError = out.stderr().strip();
      log.warn("nft -f failed ({}): {}", what == WriteOutcome.WRITTEN ? "desired state" : "fail-safe", lastError);
      resync.request();
      written = null;
      return false;
    }
    written = what == WriteOutcome.WRITTEN ? dp : null; // after a fail-safe, the next apply writes again
    known = TableState.of(dp);
    if (what == WriteOutcome.WRITTEN) {
      lastError = null;
    }
    return true;
  }

  private void read() {
    CommandRunner.Output out = runner.run(List.of("nft", "-j", "list", "table", family(), NftablesRenderer.TABLE), null);
    if (!out.ok()) {
      if (!out.stderr().contains("No such file or directory")) {
        out.orThrow();
      }
      known = TableState.ABSENT;
    } else {
      known = parse(out.stdout());
    }
    if (written != null && !known.equals(TableState.of(written))) {
      log.info("nft table {} {} differs from what we wrote; rewriting it", family(), NftablesRenderer.TABLE);
      written = null;
    }
    resync.read();
  }

  static TableState parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("nft printed no JSON", e);
    }
    Map<String, List<String>> chains = new LinkedHashMap<>();
    Set<String> sets = new HashSet<>();
    Map<String, List<String>> base = new LinkedHashMap<>();
    for (JsonNode item : root.path("nftables")) {
      if (item.has("chain")) {
        JsonNode c = item.get("chain");
        String name = c.path("name").asText();
        (c.has("hook") ? base : chains).put(name, new ArrayList<>());
      } else if (item.has("set")) {
        sets.add(item.get("set").path("name").asText());
      } else if (item.has("rule")) {
        JsonNode r = item.get("rule");
        String chain = r.path("chain").asText();
        List<String> hashes = chains.containsKey(chain) ? chains.get(chain) : base.get(chain);
        if (hashes != null) {
          hashes.add(hash(r.path("comment").asText("")));
        }
      }
    }
    return new TableState(chains, sets, base);
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
