package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.selector.Selector;
import io.jcalico.datastore.selector.SelectorParseException;

/** Selector expressions: their syntax, and where Calico allows {@code global()}. */
final class Selectors {

  static final String GLOBAL = "global()";

  private Selectors() {}

  /** A selector expression must parse; empty means "all" and is fine. */
  static void check(Checks c, String path, String selector) {
    if (selector == null || selector.isEmpty()) return;
    try {
      Selector.parse(selector);
    } catch (SelectorParseException e) {
      c.add(path, q(selector) + " is not a valid selector: " + e.reason());
    }
  }

  /** {@code global()} belongs only in an EntityRule's namespaceSelector. */
  static void checkNoGlobal(Checks c, String path, String selector) {
    if (selector != null && selector.contains("global(")) {
      c.add(path, q(selector) + " uses global(), which is only allowed in a rule's namespaceSelector");
    }
  }
}
