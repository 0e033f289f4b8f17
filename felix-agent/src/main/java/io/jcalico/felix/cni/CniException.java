package io.jcalico.felix.cni;

/** A failure that becomes the CNI error result {@code {"code","msg","details"}}. */
public class CniException extends Exception {
  private final CniErrorCode code;
  private final String details;

  public CniException(CniErrorCode code, String msg, String details) {
    super(msg);
    this.code = code;
    this.details = details == null ? "" : details;
  }

  public CniException(CniErrorCode code, String msg, String details, Throwable cause) {
    this(code, msg, details);
    initCause(cause);
  }

  public CniErrorCode code() {
    return code;
  }

  public String msg() {
    return getMessage();
  }

  public String details() {
    return details;
  }
}
