package io.jcalico.felix.driver;

/** What one apply of a policy driver achieved. */
public enum WriteOutcome {
  /** The kernel already held the desired state; nothing was written. */
  UNCHANGED,
  /** The desired state was written. */
  WRITTEN,
  /** The desired state could not be written; the {@link FailClosed} state was written instead. */
  FAIL_SAFE,
  /** Nothing could be written; the kernel keeps what it had. */
  FAILED;

  public boolean converged() {
    return this == UNCHANGED || this == WRITTEN;
  }

  /** The worse of two outcomes, for a pass over several tables. */
  public WriteOutcome worst(WriteOutcome other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
