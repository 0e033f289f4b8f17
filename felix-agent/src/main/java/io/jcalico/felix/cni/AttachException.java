package io.jcalico.felix.cni;

/**
 * A failure of one collaborator of an attachment (IPAM, dataplane, datastore). {@code retryable}
 * says the same request may well succeed later (datastore unreachable, a CAS conflict that
 * outlived its retries): the runtime then sees code 11 and tries again.
 */
public class AttachException extends Exception {
  private final boolean retryable;

  public AttachException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public AttachException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  public boolean retryable() {
    return retryable;
  }
}
