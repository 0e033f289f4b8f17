package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.store.DatastoreException;

/** Datastore failures worded as libcalico-go words them, so scripts matching calicoctl's errors still match. */
final class CalicoErrors {
  private CalicoErrors() {}

  static String describe(RuntimeException e, ResourceRef ref) {
    if (e instanceof DatastoreException.NotFound) return notFound(ref);
    if (e instanceof DatastoreException.AlreadyExists) return "resource already exists: " + ref.id();
    if (e instanceof DatastoreException.Conflict) return "update conflict: " + ref.id();
    return e.getMessage();
  }

  static String notFound(ResourceRef ref) {
    return "resource does not exist: " + ref.id() + " with error: <nil>";
  }

  /** calicoctl's {@code %v} of a {@code []error}: {@code [first second]}. */
  static String list(java.util.List<String> errors) {
    return "[" + String.join(" ", errors) + "]";
  }
}
