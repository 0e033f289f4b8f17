package io.jcalico.datastore.codec;

/** A document that is not a well-formed v3 resource. The message says where and why. */
public final class ResourceParseException extends RuntimeException {
  public ResourceParseException(String message) {
    super(message);
  }

  public ResourceParseException(String message, Throwable cause) {
    super(message, cause);
  }
}
