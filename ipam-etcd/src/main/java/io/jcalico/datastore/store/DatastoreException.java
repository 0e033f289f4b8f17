package io.jcalico.datastore.store;

/** A datastore call failed; subclasses say why so callers can act (retry, report, give up). */
public class DatastoreException extends RuntimeException {
  public DatastoreException(String message) {
    super(message);
  }

  public DatastoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /** The resource does not exist. */
  public static final class NotFound extends DatastoreException {
    public NotFound(String what) {
      super(what + " does not exist");
    }
  }

  /** A create found the resource already there. */
  public static final class AlreadyExists extends DatastoreException {
    public AlreadyExists(String what) {
      super(what + " already exists");
    }
  }

  /** A compare-and-swap lost: the resource changed since the caller read it. */
  public static final class Conflict extends DatastoreException {
    public Conflict(String message) {
      super(message);
    }
  }

  /** etcd did not answer in time or refused the connection. Nothing was written. */
  public static final class Unavailable extends DatastoreException {
    public Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The resource failed validation; nothing was written. */
  public static final class Invalid extends DatastoreException {
    public Invalid(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
