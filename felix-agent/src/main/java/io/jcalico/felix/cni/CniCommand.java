package io.jcalico.felix.cni;

import java.util.Optional;

/** Values of {@code CNI_COMMAND} we answer. STATUS is from spec 1.1.0. */
public enum CniCommand {
  ADD,
  DEL,
  CHECK,
  VERSION,
  STATUS;

  public static Optional<CniCommand> of(String s) {
    for (CniCommand c : values()) {
      if (c.name().equals(s)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
