package io.jcalico.datastore.selector;

import java.util.Map;

/**
 * The labels a selector is evaluated against. An interface rather than a map so a caller can
 * layer labels (an endpoint's own over those inherited from its profiles and namespace) without
 * copying them for every evaluation.
 */
@FunctionalInterface
public interface Labels {

  /** The value of {@code key}, or null when the label is absent. */
  String get(String key);

  static Labels of(Map<String, String> map) {
    return map::get;
  }
}
