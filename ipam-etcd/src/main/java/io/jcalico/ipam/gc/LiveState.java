package io.jcalico.ipam.gc;

import java.util.Set;

/**
 * What exists right now, as the garbage collector's caller knows it: the handles of live
 * workload endpoints; optionally the live pods ("namespace/pod", protects allocations whose
 * handle format changed) and the live nodes (allocations of a node that is gone are released
 * without waiting, and its block affinities are released). null: not known.
 */
public record LiveState(Set<String> handles, Set<String> pods, Set<String> nodes) {
  public LiveState {
    handles = Set.copyOf(handles);
    pods = pods == null ? null : Set.copyOf(pods);
    nodes = nodes == null ? null : Set.copyOf(nodes);
  }

  public static LiveState ofHandles(Set<String> handles) {
    return new LiveState(handles, null, null);
  }

  boolean nodeGone(String node) {
    return nodes != null && node != null && !nodes.contains(node);
  }

  boolean podLive(String namespace, String pod) {
    return pods != null && pod != null && pods.contains(namespace + "/" + pod);
  }
}
