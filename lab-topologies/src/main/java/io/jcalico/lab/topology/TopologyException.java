package io.jcalico.lab.topology;

/** A topology file that cannot be built: the message names the file, node or link and the field. */
public final class TopologyException extends RuntimeException {
  public TopologyException(String message) {
    super(message);
  }

  public TopologyException(String message, Throwable cause) {
    super(message, cause);
  }
}
