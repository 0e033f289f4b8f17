package io.jcalico.felix.driver.pod;

/** Pod plumbing failed; {@link #reason()} lets the CNI layer pick its error code. */
public final class PodNetworkException extends RuntimeException {
  public enum Reason {
    /** The pod interface name is already used inside the pod's namespace. */
    INTERFACE_NAME_TAKEN,
    /** The network namespace path does not exist. */
    NAMESPACE_MISSING,
    /** A host route for the pod's address exists through another interface, not ours. */
    ROUTE_CONFLICT,
    /** The kernel refused an operation (see the cause). */
    KERNEL
  }

  private final Reason reason;

  public PodNetworkException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
