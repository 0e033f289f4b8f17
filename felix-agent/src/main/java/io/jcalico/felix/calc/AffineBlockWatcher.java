package io.jcalico.felix.calc;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.collect.ImmutableSet;
import inet.ipaddr.IPAddress;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.store.Keys;
import io.jcalico.ipam.model.BlockAffinity;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IPAM blocks this node owns: the blocks under {@code /calico/ipam/v2/host/<node>/} whose
 * affinity is confirmed (pending claims are not the node's yet and are not advertised). Lists,
 * then watches; relists after a watch error. Each change delivers the whole set, on one thread.
 */
public final class AffineBlockWatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AffineBlockWatcher.class);

  private final EtcdAccess etcd;
  private final String prefix;
  private final Consumer<Set<IPAddress>> listener;
  private final Duration retry;
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "affine-blocks");
    t.setDaemon(true);
    return t;
  });
  private final Map<String, IPAddress> confirmed = new HashMap<>();
  private Watch.Watcher watcher;
  private Set<IPAddress> last;
  private volatile boolean closed;

  public AffineBlockWatcher(EtcdAccess etcd, String node, Consumer<Set<IPAddress>> listener, Duration retry) {
    this.etcd = etcd;
    this.prefix = Keys.ipamHostPrefix() + node + "/";
    this.listener = listener;
    this.retry = retry;
  }

  public void start() {
    loop.execute(this::resync);
  }

  private void resync() {
    if (closed) return;
    if (watcher != null) watcher.close();
    long revision;
    try {
      var resp = etcd.call("list affinities of " + prefix, etcd.kv().get(bytes(prefix), GetOption.builder().isPrefix(true).build()));
      confirmed.clear();
      resp.getKvs().forEach(this::put);
      revision = resp.getHeader().getRevision();
    } catch (RuntimeException e) {
      log.warn("listing {} failed ({}); retrying", prefix, e.getMessage());
      loop.schedule(this::resync, retry.toMillis(), TimeUnit.MILLISECONDS);
      return;
    }
    publish();
    watcher = etcd.client().getWatchClient().watch(bytes(prefix),
        WatchOption.builder().isPrefix(true).withRevision(revision + 1).build(),
        Watch.listener(resp -> loop.execute(() -> {
          for (WatchEvent e : resp.getEvents()) {
            if (e.getEventType() == WatchEvent.EventType.DELETE) {
              confirmed.remove(e.getKeyValue().getKey().toString(UTF_8));
            } else {
              put(e.getKeyValue());
            }
          }
          publish();
        }), err -> {
          if (!closed) loop.schedule(this::resync, retry.toMillis(), TimeUnit.MILLISECONDS);
        }));
  }

  private void put(KeyValue kv) {
    String key = kv.getKey().toString(UTF_8);
    IPAddress cidr = Keys.parseCidrSegment(key.substring(key.lastIndexOf('/') + 1));
    if (cidr == null) return;
    try {
      BlockAffinity a = BlockAffinity.parse(key, kv.getValue().getBytes());
      if (a.state() == BlockAffinity.State.CONFIRMED && !a.deleted()) {
        confirmed.put(key, cidr);
      } else {
        confirmed.remove(key);
      }
    } catch (RuntimeException e) {
      log.error("ignoring malformed affinity at {}: {}", key, e.getMessage());
    }
  }

  private void publish() {
    Set<IPAddress> now = ImmutableSet.copyOf(confirmed.values());
    if (now.equals(last)) return;
    last = now;
    try {
      listener.accept(now);
    } catch (RuntimeException e) {
      log.error("affine block listener failed", e);
    }
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }

  @Override
  public void close() {
    closed = true;
    loop.execute(() -> {
      if (watcher != null) watcher.close();
    });
    loop.shutdown();
    try {
      loop.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
