package io.jcalico.datastore.model;

import java.util.Arrays;
import java.util.Optional;

/** An IPPool's {@code ipipMode} or {@code vxlanMode}. */
public enum EncapMode {
  NEVER("Never"),
  ALWAYS("Always"),
  CROSS_SUBNET("CrossSubnet");

  private final String value;

  EncapMode(String value) {
    this.value = value;
  }

  public String value() {
    return value;
  }

  public static Optional<EncapMode> of(String value) {
    return Arrays.stream(values()).filter(m -> m.value.equals(value)).findFirst();
  }

  /** Absent means Never, as Calico defaults it. */
  public static EncapMode orNever(String value) {
    return value == null ? NEVER : of(value).orElseThrow(() -> new IllegalArgumentException("unknown mode " + value));
  }
}
