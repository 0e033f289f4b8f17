package io.jcalico.datastore.validate;

/**
 * One thing wrong with a resource: the field's path ({@code spec.ingress[0].action}) and what
 * is wrong, usually quoting the value ({@code "Accept" is not valid: ...}).
 */
public record Problem(String path, String message) {
  @Override
  public String toString() {
    return path + " " + message;
  }
}
