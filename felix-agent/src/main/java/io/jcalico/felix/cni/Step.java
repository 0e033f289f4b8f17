package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.INTERFACE_IN_USE;
import static io.jcalico.felix.cni.CniErrorCode.TRY_AGAIN_LATER;

import java.util.List;

/**
 * The collaborator a step of ADD/DEL/CHECK calls, and how its failure becomes a CNI error: the
 * collaborator's own code, 11 when it says a retry may succeed, 102 for a taken interface name.
 */
enum Step {
  IPAM(CniErrorCode.IPAM_FAILURE),
  DATAPLANE(CniErrorCode.DATAPLANE_FAILURE),
  DATASTORE(CniErrorCode.DATASTORE_FAILURE);

  /** A call into a collaborator. */
  @FunctionalInterface
  interface Call<T> {
    T call() throws AttachException;
  }

  /** A call into a collaborator that returns nothing. */
  @FunctionalInterface
  interface Action {
    void run() throws AttachException;
  }

  private final CniErrorCode code;

  Step(CniErrorCode code) {
    this.code = code;
  }

  <T> T call(String action, Call<T> call) throws CniException {
    try {
      return call.call();
    } catch (AttachException e) {
      throw toCni(action, e);
    }
  }

  void run(String action, Action a) throws CniException {
    call(action, () -> {
      a.run();
      return null;
    });
  }

  CniException toCni(String action, AttachException e) {
    if (e instanceof InterfaceInUseException inUse) {
      return new CniException(INTERFACE_IN_USE, "interface " + inUse.ifName() + " already exists", e.getMessage(), e);
    }
    return new CniException(e.retryable() ? TRY_AGAIN_LATER : code, action + " failed", e.getMessage(), e);
  }

  /** One error for several: the first one's code and message, every one's details. */
  static CniException combine(List<CniException> errors) {
    CniException first = errors.get(0);
    if (errors.size() == 1) {
      return first;
    }
    StringBuilder details = new StringBuilder();
    for (CniException e : errors) {
      if (details.length() > 0) {
        details.append("; ");
      }
      details.append(e.msg()).append(": ").append(e.details());
    }
    CniException all = new CniException(first.code(), first.msg(), details.toString(), first);
    errors.subList(1, errors.size()).forEach(all::addSuppressed);
    return all;
  }

  /** The step's error with the undo steps that failed after it appended to its details. */
  static CniException withRollbackFailures(CniException e, List<String> failures) {
    if (failures.isEmpty()) {
      return e;
    }
    String details = (e.details().isEmpty() ? "" : e.details() + "; ")
        + "rollback incomplete: " + String.join("; ", failures);
    return new CniException(e.code(), e.msg(), details, e);
  }
}
