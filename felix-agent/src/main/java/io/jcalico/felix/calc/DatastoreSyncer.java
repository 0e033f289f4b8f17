package io.jcalico.felix.calc;

import com.google.common.collect.ImmutableMap;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceList;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.datastore.watch.ResourceWatch;
import io.jcalico.datastore.watch.WatchEvent;
import io.jcalico.datastore.watch.WatchListener;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an in-memory copy of some kinds of resources in step with the datastore: list, then
 * watch from the list's revision; on any watch error (etcd down, compaction) list again after a
 * back-off and report the whole new state. Every update reaches the {@link Listener} on one
 * thread, after the cache has changed, so the listener can recompute from {@link #snapshot}.
 *
 * <p>While etcd is unreachable the cache keeps the last state it saw: the node keeps its routes
 * and sessions rather than tearing them down because the datastore blinked.
 */
public final class DatastoreSyncer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DatastoreSyncer.class);

  /** Called on the syncer's thread whenever a kind changed; {@code inSync} once every kind was listed. */
  public interface Listener {
    void onUpdate(ResourceKind kind, DatastoreSyncer syncer);

    default void onInSync(DatastoreSyncer syncer) {}
  }

  private final ResourceStore store;
  private final List<ResourceKind> kinds;
  private final Listener listener;
  private final Duration retry;
  private final ScheduledExecutorService loop;
  private final Map<ResourceKind, Map<String, Resource>> cache = new EnumMap<>(ResourceKind.class);
  private final Map<ResourceKind, ResourceWatch> watches = new EnumMap<>(ResourceKind.class);
  private boolean inSync;
  private volatile boolean closed;

  public DatastoreSyncer(ResourceStore store, List<ResourceKind> kinds, Listener listener, Duration retry) {
    this.store = store;
    this.kinds = List.copyOf(kinds);
    this.listener = listener;
    this.retry = retry;
    this.loop = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "datastore-syncer");
      t.setDaemon(true);
      return t;
    });
  }

  public void start() {
    for (ResourceKind k : kinds) loop.execute(() -> resync(k));
  }

  /** The current resources of a kind, keyed by "namespace/name" (or name). Call on the listener's thread. */
  public Map<String, Resource> snapshot(ResourceKind kind) {
    return ImmutableMap.copyOf(cache.getOrDefault(kind, Map.of()));
  }

  /** The current resources of a kind as their record type. */
  public <R extends Resource> List<R> all(ResourceKind kind, Class<R> type) {
    return cache.getOrDefault(kind, Map.of()).values().stream().map(type::cast).toList();
  }

  public boolean inSync() {
    return inSync;
  }

  private static String key(Resource r) {
    return r.namespace() == null ? r.name() : r.namespace() + "/" + r.name();
  }

  private void resync(ResourceKind kind) {
    if (closed) return;
    ResourceWatch old = watches.remove(kind);
    if (old != null) old.close();
    ResourceList list;
    try {
      list = store.list(kind, null);
    } catch (RuntimeException e) {
      log.warn("listing {} failed ({}); retrying in {} ms", kind.plural(), e.getMessage(), retry.toMillis());
      loop.schedule(() -> resync(kind), retry.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    Map<String, Resource> fresh = new LinkedHashMap<>();
    list.items().forEach(r -> fresh.put(key(r), r));
    cache.put(kind, fresh);
    watches.put(kind, store.watch(kind, null, list.revision() + 1, new WatchListener() {
      @Override
      public void onEvent(WatchEvent e) {
        loop.execute(() -> apply(kind, e));
      }

      @Override
      public void onError(Throwable error) {
        if (closed) return;
        log.warn("watch on {} ended ({}); listing again", kind.plural(), error.getMessage());
        loop.schedule(() -> resync(kind), retry.toMillis(), TimeUnit.MILLISECONDS);
      }
    }));
    notifyUpdate(kind);
    if (!inSync && cache.keySet().containsAll(kinds)) {
      inSync = true;
      safely(() -> listener.onInSync(this));
    }
  }

  private void apply(ResourceKind kind, WatchEvent e) {
    Map<String, Resource> m = cache.computeIfAbsent(kind, k -> new LinkedHashMap<>());
    if (e.type() == WatchEvent.Type.DELETED) {
      m.remove(key(e.resource()));
    } else {
      m.put(key(e.resource()), e.resource());
    }
    notifyUpdate(kind);
  }

  private void notifyUpdate(ResourceKind kind) {
    safely(() -> listener.onUpdate(kind, this));
  }

  private void safely(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      // a bug in one consumer must not stop the stream for the others
      log.error("datastore listener failed", e);
    }
  }

  @Override
  public void close() {
    closed = true;
    loop.execute(() -> {
      watches.values().forEach(ResourceWatch::close);
      watches.clear();
    });
    loop.shutdown();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
