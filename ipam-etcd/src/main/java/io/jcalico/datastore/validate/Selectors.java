package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.selector.Expr;
import io.jcalico.datastore.selector.Selector;
import io.jcalico.datastore.selector.SelectorParseException;
import java.util.Optional;

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
    if (parsed(selector).map(Selectors::usesGlobal).orElse(false)) {
      c.add(path, q(selector) + " uses global(), which is only allowed in a rule's namespaceSelector");
    }
  }

  private static Optional<Selector> parsed(String selector) {
    if (selector == null || selector.isEmpty()) return Optional.empty();
    try {
      return Optional.of(Selector.parse(selector));
    } catch (SelectorParseException e) {
      return Optional.empty(); // check() reports it
    }
  }

  private static boolean usesGlobal(Selector s) {
    boolean[] found = {false};
    s.mapLeaves(leaf -> {
      found[0] |= leaf instanceof Expr.Global;
      return leaf;
    });
    return found[0];
  }
}
