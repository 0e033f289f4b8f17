package io.jcalico.felix.driver;

import java.util.List;

/**
 * What one apply pass of a driver did, for logs, metrics and tests.
 *
 * @param resynced the kernel state was read back first
 * @param added entries created
 * @param replaced entries rewritten in place
 * @param deleted entries removed
 * @param deferredDeletions entries found at start that are not desired yet, kept until the
 *     desired state is declared complete
 * @param waiting entries that cannot be written yet (their interface is missing or down), one
 *     line each
 * @param conflicts entries blocked by an entry we do not own, one line each
 * @param failures entries whose write failed and will be retried, one line each
 */
public record ApplyReport(
    boolean resynced,
    int added,
    int replaced,
    int deleted,
    int deferredDeletions,
    List<String> waiting,
    List<String> conflicts,
    List<String> failures) {

  public ApplyReport {
    waiting = List.copyOf(waiting);
    conflicts = List.copyOf(conflicts);
    failures = List.copyOf(failures);
  }

  public boolean changedAnything() {
    return added + replaced + deleted > 0;
  }
}
