package io.jcalico.datastore.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchResponse;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.codec.ResourceParseException;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.watch.ResourceWatch;
import io.jcalico.datastore.watch.WatchEvent;
import io.jcalico.datastore.watch.WatchListener;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ResourceStore} on etcd v3 at Calico's key layout ({@link Keys}). Creates are
 * {@code if version(key) == 0 then put}; updates and deletes are
 * {@code if mod_revision(key) == rv then ...}; nothing is ever written blind. The calls go through
 * a {@link ResourceKv}: jetcd ({@link #connect}), or etcd's JSON gateway ({@link #overGateway}) for
 * short-lived processes, which cannot watch.
 */
public final class EtcdResourceStore implements ResourceStore {
  private static final Logger log = LoggerFactory.getLogger(EtcdResourceStore.class);
  private static final int APPLY_ATTEMPTS = 10;

  private final ResourceKv kv;
  private final EtcdAccess etcd; // null over the gateway
  private final ResourceAdmission admission;
  private final ResourceCodec codec = ResourceCodec.get();

  public EtcdResourceStore(EtcdAccess etcd, ResourceAdmission admission) {
    this(new JetcdKv(etcd), etcd, admission);
  }

  private EtcdResourceStore(ResourceKv kv, EtcdAccess etcd, ResourceAdmission admission) {
    this.kv = kv;
    this.etcd = etcd;
    this.admission = admission;
  }

  /** A store with its own jetcd client for comma-separated endpoints and a per-call timeout. */
  public static EtcdResourceStore connect(String endpoints, Duration timeout, ResourceAdmission admission) {
    return new EtcdResourceStore(EtcdAccess.connect(endpoints, timeout), admission);
  }

  /**
   * A store over etcd's JSON gateway ({@code http://} endpoints only): the same semantics and
   * errors, no gRPC start-up cost, no {@link #watch}.
   */
  public static EtcdResourceStore overGateway(String endpoints, Duration timeout, ResourceAdmission admission) {
    return new EtcdResourceStore(new GatewayKv(endpoints, timeout, ResourceCodec.get().json()), null, admission);
  }

  /** The jetcd client; a gateway store has none. */
  public EtcdAccess etcd() {
    if (etcd == null) throw new IllegalStateException("this store talks to etcd's JSON gateway and has no gRPC client");
    return etcd;
  }

  @Override
  public <R extends Resource> R create(R resource) {
    R toStore = forCreate(resource);
    long revision = kv.createIfAbsent("create " + toStore.displayName(), key(toStore), codec.toStoredJson(toStore));
    if (revision < 0) throw new DatastoreException.AlreadyExists(toStore.displayName());
    return withRevision(toStore, revision);
  }

  @Override
  public Optional<PreparedCreate> prepareCreate(Resource resource) {
    Resource toStore = forCreate(resource);
    return Optional.of(new PreparedCreate(key(toStore), codec.toStoredJson(toStore)));
  }

  /** The resource as a create stores it: admitted, with a new uid and creation time. */
  private <R extends Resource> R forCreate(R resource) {
    R admitted = admit(resource);
    ObjectMeta m = admitted.metadata().withResourceVersion(null)
        .withIdentity(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
    @SuppressWarnings("unchecked")
    R toStore = (R) admitted.withMetadata(m);
    return toStore;
  }

  @Override
  public <R extends Resource> R update(R resource) {
    R admitted = admit(resource);
    String rv = admitted.metadata().resourceVersion();
    Resource current = get(admitted.kind(), admitted.namespace(), admitted.name())
        .orElseThrow(() -> new DatastoreException.NotFound(admitted.displayName()));
    long expected = rv == null || rv.isEmpty() ? revisionOf(current) : parseRevision(admitted, rv);
    // uid and creation time belong to the stored object, not to the caller's copy
    ObjectMeta m = admitted.metadata().withResourceVersion(null)
        .withIdentity(current.metadata().uid(), current.metadata().creationTimestamp());
    @SuppressWarnings("unchecked")
    R toStore = (R) admitted.withMetadata(m);
    long revision = kv.putIfModRevision("update " + admitted.displayName(), key(admitted), codec.toStoredJson(toStore), expected);
    if (revision < 0) {
      throw new DatastoreException.Conflict("update conflict: " + admitted.displayName()
          + " was modified since resourceVersion " + expected + "; read it again and retry");
    }
    return withRevision(toStore, revision);
  }

  @Override
  public <R extends Resource> R apply(R resource) {
    for (int attempt = 1; ; attempt++) {
      boolean exists = get(resource.kind(), resource.namespace(), resource.name()).isPresent();
      try {
        return exists ? update(resource) : create(resource);
      } catch (DatastoreException.AlreadyExists | DatastoreException.NotFound e) {
        if (attempt >= APPLY_ATTEMPTS) throw e; // raced with another writer: look again
      } catch (DatastoreException.Conflict e) {
        String rv = resource.metadata().resourceVersion();
        if ((rv != null && !rv.isEmpty()) || attempt >= APPLY_ATTEMPTS) throw e;
      }
    }
  }

  @Override
  public Optional<Resource> get(ResourceKind kind, String namespace, String name) {
    String key = Keys.resource(kind, namespace, name);
    List<ResourceKv.Entry> found = kv.range("get " + key, key, false).entries();
    return found.isEmpty() ? Optional.empty() : Optional.of(decode(kind, found.get(0)));
  }

  @Override
  public ResourceList list(ResourceKind kind, String namespace) {
    ResourceKv.Range r = kv.range("list " + kind.plural(), Keys.listPrefix(kind, namespace), true);
    List<Resource> out = new ArrayList<>(r.entries().size());
    for (ResourceKv.Entry e : r.entries()) {
      out.add(decode(kind, e));
    }
    return new ResourceList(out, r.revision());
  }

  @Override
  public Resource delete(ResourceKind kind, String namespace, String name, String resourceVersion) {
    String display = kind.kindName() + "/" + (kind.namespaced() && namespace != null ? namespace + "/" : "") + name;
    String key = Keys.resource(kind, namespace, name);
    Resource current = get(kind, namespace, name).orElseThrow(() -> new DatastoreException.NotFound(display));
    long expected = resourceVersion == null || resourceVersion.isEmpty()
        ? revisionOf(current) : parseRevision(current, resourceVersion);
    if (!kv.deleteIfModRevision("delete " + display, key, expected)) {
      if (resourceVersion == null || resourceVersion.isEmpty()) {
        return delete(kind, namespace, name, null); // changed between read and delete: read again
      }
      throw new DatastoreException.Conflict("delete conflict: " + display
          + " was modified since resourceVersion " + resourceVersion);
    }
    return current;
  }

  @Override
  public ResourceWatch watch(ResourceKind kind, String namespace, long fromRevision, WatchListener listener) {
    if (etcd == null) {
      throw new UnsupportedOperationException("watch needs the gRPC client: open the store with EtcdResourceStore.connect");
    }
    String prefix = Keys.listPrefix(kind, namespace);
    WatchOption.Builder opt = WatchOption.builder().isPrefix(true).withPrevKV(true);
    if (fromRevision > 0) opt.withRevision(fromRevision);
    io.etcd.jetcd.Watch.Watcher w = etcd.client().getWatchClient().watch(bytes(prefix), opt.build(),
        io.etcd.jetcd.Watch.listener(resp -> dispatch(kind, resp, listener), listener::onError));
    return w::close;
  }

  private void dispatch(ResourceKind kind, WatchResponse resp, WatchListener listener) {
    for (io.etcd.jetcd.watch.WatchEvent e : resp.getEvents()) {
      try {
        KeyValue kv = e.getKeyValue();
        switch (e.getEventType()) {
          case PUT -> listener.onEvent(new WatchEvent(
              kv.getCreateRevision() == kv.getModRevision() ? WatchEvent.Type.ADDED : WatchEvent.Type.MODIFIED,
              decode(kind, entry(kv)), kv.getModRevision()));
          case DELETE -> {
            KeyValue prev = e.getPrevKV();
            if (prev != null && prev.getValue().size() > 0) {
              listener.onEvent(new WatchEvent(WatchEvent.Type.DELETED, decode(kind, entry(prev)), kv.getModRevision()));
            }
          }
          default -> log.warn("unrecognised watch event {} on {}", e.getEventType(), kv.getKey().toString(UTF_8));
        }
      } catch (ResourceParseException ex) {
        // One bad value must not stop the stream for everything else.
        log.error("skipping unparseable value in watch on {}: {}", kind.plural(), ex.getMessage());
      }
    }
  }

  @Override
  public void close() {
    kv.close();
  }

  private static ResourceKv.Entry entry(KeyValue kv) {
    return new ResourceKv.Entry(kv.getKey().toString(UTF_8), kv.getValue().getBytes(), kv.getModRevision(), kv.getCreateRevision());
  }

  private Resource decode(ResourceKind kind, ResourceKv.Entry e) {
    try {
      return codec.fromStoredJson(kind, e.value(), e.modRevision());
    } catch (ResourceParseException ex) {
      throw new ResourceParseException("stored value at " + e.key() + ": " + ex.getMessage(), ex);
    }
  }

  @SuppressWarnings("unchecked")
  private <R extends Resource> R admit(R resource) {
    if (resource.metadata() == null || resource.name() == null || resource.name().isEmpty()) {
      throw new DatastoreException.Invalid(resource.displayName() + ": metadata.name is required", null);
    }
    if (resource.kind().namespaced() && (resource.namespace() == null || resource.namespace().isEmpty())) {
      resource = (R) resource.withMetadata(resource.metadata().withNamespace("default"));
    }
    if (!resource.kind().namespaced() && resource.namespace() != null) {
      throw new DatastoreException.Invalid(resource.displayName() + ": metadata.namespace must not be set on a "
          + resource.kind().kindName() + " (it is not namespaced)", null);
    }
    try {
      return (R) admission.admit(resource);
    } catch (DatastoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new DatastoreException.Invalid(e.getMessage(), e);
    }
  }

  private static String key(Resource r) {
    return Keys.resource(r.kind(), r.namespace(), r.name());
  }

  @SuppressWarnings("unchecked")
  private static <R extends Resource> R withRevision(R r, long revision) {
    return (R) r.withMetadata(r.metadata().withResourceVersion(Long.toString(revision)));
  }

  private static long revisionOf(Resource r) {
    return Long.parseLong(r.metadata().resourceVersion());
  }

  private static long parseRevision(Resource r, String rv) {
    try {
      return Long.parseLong(rv);
    } catch (NumberFormatException e) {
      throw new DatastoreException.Invalid(r.displayName() + ": metadata.resourceVersion \"" + rv
          + "\" is not a revision this datastore wrote", e);
    }
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }
}
