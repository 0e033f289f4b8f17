package io.jcalico.ipam.gc;

import inet.ipaddr.IPAddress;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.IpamException;
import io.jcalico.ipam.Leak;
import io.jcalico.ipam.model.AllocationAttribute;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.ReleaseRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Releases leaked addresses the way Calico's controller means to, without its known bugs:
 * <ul>
 *   <li>An allocation whose handle is not live becomes a candidate; it is released once it has
 *       stayed a candidate for the grace period (Calico: 15 minutes), or at once when its node is
 *       gone. Every allocation in every block is looked at, borrowed and ownerless blocks
 *       included, whatever attributes it has (dead pods' addresses are not forgotten, #5339).</li>
 *   <li>Right before releasing, the live state is fetched again and the candidate re-checked; the
 *       release quotes the allocation's handle and sequence number, so an address released and
 *       reassigned meanwhile is never freed (live pods' addresses are never taken, #5044). An
 *       allocation whose attributes name a live pod is never a leak, whatever its handle.</li>
 *   <li>Nodes that are gone lose their block affinities.</li>
 * </ul>
 * Candidates are remembered between passes by address, handle and sequence number: a different
 * allocation at the same address starts its own grace period.
 */
public final class IpamGarbageCollector {
  private static final Logger log = LoggerFactory.getLogger(IpamGarbageCollector.class);

  private final Ipam ipam;
  private final Supplier<LiveState> live;
  private final Duration grace;
  private final Clock clock;
  private final Map<Candidate, Instant> firstSeen = new HashMap<>();

  private record Candidate(IPAddress address, String handleId, long sequenceNumber) {
    static Candidate of(Leak l) {
      return new Candidate(l.address(), l.handleId(), l.allocation().sequenceNumber());
    }
  }

  public IpamGarbageCollector(Ipam ipam, Supplier<LiveState> live, Duration grace, Clock clock) {
    this.ipam = ipam;
    this.live = live;
    this.grace = grace;
    this.clock = clock;
  }

  /** One pass: detect, age, confirm, release. Not thread-safe: run it from one thread. */
  public GcReport runOnce() {
    LiveState state = live.get();
    List<Leak> leaks = ipam.findLeaks(state.handles(), state.pods());
    Instant now = clock.instant();
    Set<Candidate> current = new HashSet<>();
    List<Leak> due = new ArrayList<>();
    List<Leak> waiting = new ArrayList<>();
    for (Leak l : leaks) {
      Candidate c = Candidate.of(l);
      current.add(c);
      Instant since = firstSeen.computeIfAbsent(c, k -> now);
      boolean nodeGone = state.nodeGone(l.node().orElse(null));
      if (nodeGone || !since.plus(grace).isAfter(now)) due.add(l);
      else waiting.add(l);
    }
    firstSeen.keySet().retainAll(current);

    List<Leak> released = new ArrayList<>();
    List<Leak> kept = new ArrayList<>();
    if (!due.isEmpty()) {
      LiveState confirm = live.get();
      for (Leak l : due) {
        String ns = l.allocation().attributes().get(AllocationAttribute.NAMESPACE);
        String pod = l.allocation().attributes().get(AllocationAttribute.POD);
        if (confirm.handles().contains(l.handleId()) || confirm.podLive(ns, pod)) {
          kept.add(l);
          continue;
        }
        try {
          if (ipam.releaseIps(List.of(ReleaseRequest.exactly(l.allocation()))).released().isEmpty()) kept.add(l);
          else released.add(l);
        } catch (IpamException.StaleRelease e) {
          kept.add(l); // released and reassigned since we looked: the new owner keeps it
        }
        firstSeen.remove(Candidate.of(l));
      }
      log.info("IPAM GC: released {} leaked addresses, kept {}", released.size(), kept.size());
    }
    return new GcReport(leaks, waiting, released, kept, releaseGoneNodes(state));
  }

  private List<String> releaseGoneNodes(LiveState state) {
    if (state.nodes() == null) return List.of();
    Set<String> hosts = new TreeSet<>();
    for (IpamSnapshot.Affinity a : ipam.snapshot().affinities()) {
      if (state.nodeGone(a.host())) hosts.add(a.host());
    }
    if (hosts.isEmpty()) return List.of();
    // confirm right before acting, as for addresses
    LiveState confirm = live.get();
    List<String> out = new ArrayList<>();
    for (String h : hosts) {
      if (confirm.nodeGone(h)) {
        ipam.releaseAffinities(h);
        out.add(h);
      }
    }
    return out;
  }
}
