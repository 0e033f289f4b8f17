package io.jcalico.datastore.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Defensive copies for the records' collections: absent (null) stays absent and empty stays
 * empty, because a document's {@code []} must come back as {@code []}.
 */
final class Copies {
  private Copies() {}

  static <T> List<T> list(List<T> in) {
    if (in == null) return null;
    in.forEach(e -> Objects.requireNonNull(e, "a list must not contain null"));
    return List.copyOf(in);
  }

  static <K, V> Map<K, V> map(Map<K, V> in) {
    if (in == null) return null;
    in.forEach((k, v) -> Objects.requireNonNull(v, () -> "no value for \"" + k + "\""));
    // keep the document's order so written YAML reads like the input
    return Collections.unmodifiableMap(new java.util.LinkedHashMap<>(in));
  }
}
