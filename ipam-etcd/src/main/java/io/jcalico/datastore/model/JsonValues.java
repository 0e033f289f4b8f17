package io.jcalico.datastore.model;

import java.util.List;
import java.util.Map;

/** How error messages show a JSON value a value type could not take. */
final class JsonValues {
  private JsonValues() {}

  static String describe(Object v) {
    if (v instanceof String s) return "\"" + s + "\"";
    if (v instanceof Map) return "a mapping";
    if (v instanceof List) return "a list";
    return String.valueOf(v);
  }
}
