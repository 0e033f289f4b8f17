package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Kubernetes' {@code intstr.IntOrString} (a Kubernetes NetworkPolicy port: {@code 6379} or
 * {@code "http"}; also a DSCP value), kept exactly as written.
 */
public record IntOrString(Integer intValue, String stringValue) {

  public IntOrString {
    if ((intValue == null) == (stringValue == null)) throw new IllegalArgumentException("an int or a string");
  }

  public static IntOrString of(int v) {
    return new IntOrString(v, null);
  }

  public static IntOrString of(String v) {
    return new IntOrString(null, v);
  }

  public boolean isInt() {
    return intValue != null;
  }

  @Override
  public String toString() {
    return intValue != null ? intValue.toString() : stringValue;
  }

  @JsonValue
  Object json() {
    return intValue != null ? intValue : stringValue;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static IntOrString fromJson(Object v) {
    if (v instanceof String s) return of(s);
    if (v instanceof Integer i) return of(i);
    throw new IllegalArgumentException(JsonValues.describe(v) + " is not an integer or a string");
  }
}
