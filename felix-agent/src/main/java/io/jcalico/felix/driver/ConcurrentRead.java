package io.jcalico.felix.driver;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A driver's side of its {@link ReadBack}s: at most one in flight, and the names of the objects
 * (chains, sets, by kind) the driver wrote or deleted since it began. The read may or may not
 * show those writes, so for them the driver keeps its own view; for all others the read is
 * newer. A read the driver makes itself before a write ({@link #supersede}) is newer than one in
 * flight, which is then dropped. Used under the driver's lock, which it is given.
 */
public final class ConcurrentRead {
  private final Object lock;
  private Object current;
  private final Map<String, Set<String>> written = new HashMap<>();

  public ConcurrentRead(Object lock) {
    this.lock = lock;
  }

  /**
   * Starts a read-back: {@code read} runs beside the writer, {@code adopt} takes its result in
   * under the driver's lock (and may {@link #merge} it), unless a newer read came meanwhile.
   */
  public <S> ReadBack start(Supplier<S> read, Consumer<S> adopt) {
    Object token = new Object();
    current = token;
    written.clear();
    return () -> {
      S seen = read.get();
      return () -> {
        synchronized (lock) {
          if (current == token) {
            adopt.accept(seen);
            current = null;
            written.clear();
          }
        }
      };
    };
  }

  /** The driver read the kernel itself: any read-back in flight is older. */
  public void supersede() {
    current = null;
    written.clear();
  }

  /** Whether a read-back is in flight (writes are being recorded). */
  public boolean reading() {
    return current != null;
  }

  /** Records that the objects of {@code kind} whose value differs between the two views were written. */
  public <V> void wrote(String kind, Map<String, V> before, Map<String, V> after) {
    if (current == null) {
      return;
    }
    Set<String> names = written.computeIfAbsent(kind, k -> new HashSet<>());
    before.forEach((name, v) -> {
      if (!Objects.equals(v, after.get(name))) {
        names.add(name);
      }
    });
    after.keySet().forEach(name -> {
      if (!before.containsKey(name)) {
        names.add(name);
      }
    });
  }

  /** Whether anything at all was written since the read in flight began. */
  public boolean wroteAnything() {
    return written.values().stream().anyMatch(s -> !s.isEmpty());
  }

  /**
   * The read's view of {@code kind} with the driver's own value (or absence) for every object
   * written since the read began. Call from the {@code adopt} step.
   */
  public <V> Map<String, V> merge(String kind, Map<String, V> read, Map<String, V> mine) {
    Map<String, V> out = new LinkedHashMap<>(read);
    for (String name : written.getOrDefault(kind, Set.of())) {
      V v = mine.get(name);
      if (v == null) {
        out.remove(name);
      } else {
        out.put(name, v);
      }
    }
    return out;
  }
}
