package io.jcalico.lab.runner;

/** Another command held the lab's lock for longer than the caller would wait; nothing was changed. */
public final class LabLockTimeoutException extends LabException {
  public LabLockTimeoutException(String message) {
    super(message);
  }
}
