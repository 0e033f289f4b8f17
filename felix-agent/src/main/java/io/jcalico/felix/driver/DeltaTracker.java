package io.jcalico.felix.driver;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Desired state, the dataplane state as last known, and the difference between them, kept up to
 * date on every change so a driver's apply pass touches only what differs (the shape of Felix's
 * {@code deltatracker}). A pending update is a key whose desired value is missing from, or
 * different in, the dataplane; a pending deletion is a key in the dataplane that is not desired.
 * Values compare with {@code equals}: drivers store normalized projections, not raw kernel
 * objects, so that fields the kernel fills in on its own do not look like differences.
 * Not thread-safe: owned by one driver, under its lock.
 */
public final class DeltaTracker<K, V> {
  private final Map<K, V> desired = new HashMap<>();
  private final Map<K, V> dataplane = new HashMap<>();
  private final Map<K, V> pendingUpdates = new HashMap<>();
  private final Set<K> pendingDeletions = new HashSet<>();

  public void setDesired(K key, V value) {
    desired.put(key, Objects.requireNonNull(value));
    recompute(key);
  }

  public void deleteDesired(K key) {
    desired.remove(key);
    recompute(key);
  }

  public Optional<V> desired(K key) {
    return Optional.ofNullable(desired.get(key));
  }

  public Map<K, V> desired() {
    return Collections.unmodifiableMap(desired);
  }

  /** Records what the dataplane holds for {@code key}: after a write or from a read-back. */
  public void setDataplane(K key, V value) {
    dataplane.put(key, Objects.requireNonNull(value));
    recompute(key);
  }

  public void deleteDataplane(K key) {
    dataplane.remove(key);
    recompute(key);
  }

  /** Replaces the whole dataplane view with a fresh read-back (a resync). */
  public void replaceAllDataplane(Map<K, V> actual) {
    Set<K> touched = new HashSet<>(dataplane.keySet());
    touched.addAll(actual.keySet());
    dataplane.clear();
    dataplane.putAll(actual);
    touched.forEach(this::recompute);
  }

  public Optional<V> dataplane(K key) {
    return Optional.ofNullable(dataplane.get(key));
  }

  public Map<K, V> dataplane() {
    return Collections.unmodifiableMap(dataplane);
  }

  /** Keys to write, with the value to write; a live view. */
  public Map<K, V> pendingUpdates() {
    return Collections.unmodifiableMap(pendingUpdates);
  }

  /** Keys to remove from the dataplane; a live view. */
  public Set<K> pendingDeletions() {
    return Collections.unmodifiableSet(pendingDeletions);
  }

  public boolean inSync() {
    return pendingUpdates.isEmpty() && pendingDeletions.isEmpty();
  }

  private void recompute(K key) {
    V want = desired.get(key);
    V have = dataplane.get(key);
    if (want != null && !want.equals(have)) {
      pendingUpdates.put(key, want);
    } else {
      pendingUpdates.remove(key);
    }
    if (want == null && have != null) {
      pendingDeletions.add(key);
    } else {
      pendingDeletions.remove(key);
    }
  }
}
