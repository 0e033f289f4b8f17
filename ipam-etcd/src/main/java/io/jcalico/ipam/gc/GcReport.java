package io.jcalico.ipam.gc;

import io.jcalico.ipam.Leak;
import java.util.List;

/**
 * One garbage-collection pass: the leaks seen, those still inside their grace period, those
 * released, those that turned out live or reused at the last check (kept), and the gone nodes
 * whose affinities were released.
 */
public record GcReport(List<Leak> candidates, List<Leak> waiting, List<Leak> released, List<Leak> kept,
    List<String> goneNodesReleased) {
  public GcReport {
    candidates = List.copyOf(candidates);
    waiting = List.copyOf(waiting);
    released = List.copyOf(released);
    kept = List.copyOf(kept);
    goneNodesReleased = List.copyOf(goneNodesReleased);
  }
}
