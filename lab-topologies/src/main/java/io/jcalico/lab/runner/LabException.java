package io.jcalico.lab.runner;

/** A lab that cannot be deployed, reached or changed; the message says which node and why. */
public class LabException extends RuntimeException {
  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
