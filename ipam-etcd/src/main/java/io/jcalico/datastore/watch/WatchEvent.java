package io.jcalico.datastore.watch;

import io.jcalico.datastore.model.Resource;

/**
 * One change: the resource after it (for DELETED, as it was before), and the etcd revision of the
 * change.
 */
public record WatchEvent(Type type, Resource resource, long revision) {
  public enum Type { ADDED, MODIFIED, DELETED }
}
