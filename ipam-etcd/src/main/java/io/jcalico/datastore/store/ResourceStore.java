package io.jcalico.datastore.store;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.watch.ResourceWatch;
import io.jcalico.datastore.watch.WatchListener;
import java.util.Optional;

/**
 * v3 resources in the datastore. Every write is a compare-and-swap; a call that cannot reach the
 * datastore fails with {@link DatastoreException.Unavailable} within the store's timeout (when etcd
 * is down nothing is written; a timeout against a live but slow etcd may still have applied, so
 * callers re-read before retrying). Returned resources carry the {@code resourceVersion} they were
 * stored at. Writes are validated and defaulted first; invalid resources fail with
 * {@link DatastoreException.Invalid}.
 */
public interface ResourceStore extends AutoCloseable {

  /** Stores a new resource; fails with {@link DatastoreException.AlreadyExists}. */
  <R extends Resource> R create(R resource);

  /**
   * Replaces an existing resource. With {@code metadata.resourceVersion} set, only if it is still
   * that version ({@link DatastoreException.Conflict} otherwise); without, against the version read
   * just before. Fails with {@link DatastoreException.NotFound}.
   */
  <R extends Resource> R update(R resource);

  /** Creates or updates. */
  <R extends Resource> R apply(R resource);

  Optional<Resource> get(ResourceKind kind, String namespace, String name);

  /** Every resource of a kind, in one namespace or (namespace null) all of them. */
  ResourceList list(ResourceKind kind, String namespace);

  /**
   * Deletes a resource and returns it as it was; with a non-null resourceVersion only if it is
   * still that version.
   */
  Resource delete(ResourceKind kind, String namespace, String name, String resourceVersion);

  /**
   * Streams changes of a kind (namespace null: all) after {@code fromRevision} (0: from now on).
   * Close the returned handle to stop.
   */
  ResourceWatch watch(ResourceKind kind, String namespace, long fromRevision, WatchListener listener);

  /** A create as {@link #create} would write it: the key and the stored bytes. */
  record PreparedCreate(String key, byte[] value) {}

  /**
   * What {@link #create} would write for {@code resource} (admitted, with a new uid and creation
   * time), for a caller that puts it into a transaction of its own, as a create (the key absent).
   * Empty when this store cannot hand out its writes. Throws what {@code create} throws for an
   * invalid resource.
   */
  default Optional<PreparedCreate> prepareCreate(Resource resource) {
    return Optional.empty();
  }

  @Override
  void close();
}
