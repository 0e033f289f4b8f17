package io.jcalico.policy.model;

import java.util.List;
import java.util.Map;

/** The datastore model keeps omitted lists and maps as null; the translators read them as empty. */
final class Absent {

  private Absent() {}

  static <T> List<T> list(List<T> l) {
    return l == null ? List.of() : l;
  }

  static <K, V> Map<K, V> map(Map<K, V> m) {
    return m == null ? Map.of() : m;
  }
}
