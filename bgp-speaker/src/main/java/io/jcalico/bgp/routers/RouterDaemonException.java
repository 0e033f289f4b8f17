package io.jcalico.bgp.routers;

/** A reference daemon failed to start, stop or answer a query. */
public class RouterDaemonException extends RuntimeException {
  public RouterDaemonException(String message) {
    super(message);
  }

  public RouterDaemonException(String message, Throwable cause) {
    super(message, cause);
  }
}
