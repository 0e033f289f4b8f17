package io.jcalico.datastore.selector;

import com.google.common.collect.ImmutableSortedSet;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.UnaryOperator;

/**
 * The selector AST, with Calico's semantics: a comparison on an absent label is false except for
 * {@code !=} and {@code not in}, which are true; {@code all()} and {@code global()} match
 * everything ({@code global()} only changes the scope of a rule's selector when it appears in a
 * namespaceSelector, which the policy translation handles by rewriting it).
 *
 * <p>Every node is normalised on construction so that {@link #appendCanonical} followed by a
 * re-parse yields an equal tree: set literals are sorted and de-duplicated, {@code And}/{@code Or}
 * have at least two operands, {@code Not} never wraps a {@code Not}, keys and values are
 * expressible in the grammar. Build composite nodes with {@link #and}, {@link #or}, {@link #not}.
 */
public sealed interface Expr {

  boolean evaluate(Labels labels);

  /** Appends Calico's canonical text for this node (the form libcalico-go's String() gives). */
  void appendCanonical(StringBuilder out);

  /**
   * Replaces every leaf (all(), global(), has(), comparisons, set matches) by {@code f} of it and
   * rebuilds the composites around the results; {@code f} sees each original leaf exactly once.
   * This is how the policy translation prefixes namespace labels or gives global() its meaning.
   */
  default Expr mapLeaves(UnaryOperator<Expr> f) {
    return f.apply(this);
  }

  /** Adds every label key this node looks at. */
  default void collectKeys(Collection<String> keys) {}

  // ---- factories that keep the normal form ----

  static Expr not(Expr e) {
    return e instanceof Not n ? n.operand() : new Not(e);
  }

  static Expr and(List<Expr> operands) {
    return operands.size() == 1 ? operands.get(0) : new And(operands);
  }

  static Expr or(List<Expr> operands) {
    return operands.size() == 1 ? operands.get(0) : new Or(operands);
  }

  // ---- leaves ----

  /** {@code all()}: matches everything. */
  record All() implements Expr {
    @Override
    public boolean evaluate(Labels labels) {
      return true;
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      out.append("all()");
    }
  }

  /** {@code global()}: matches everything; meaningful only as a rule's namespaceSelector. */
  record Global() implements Expr {
    @Override
    public boolean evaluate(Labels labels) {
      return true;
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      out.append("global()");
    }
  }

  /** {@code has(key)}. */
  record Has(String key) implements Expr {
    public Has {
      Syntax.checkKey(key);
    }

    @Override
    public boolean evaluate(Labels labels) {
      return labels.get(key) != null;
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      out.append("has(").append(key).append(')');
    }

    @Override
    public void collectKeys(Collection<String> keys) {
      keys.add(key);
    }
  }

  /** The binary comparisons of a label with a quoted string. */
  enum Op {
    EQ("==", false, String::equals),
    NE("!=", true, (v, x) -> !v.equals(x)),
    CONTAINS("contains", false, String::contains),
    STARTS_WITH("starts with", false, String::startsWith),
    ENDS_WITH("ends with", false, String::endsWith);

    private final String text;
    private final boolean whenAbsent;
    private final BiPredicate<String, String> test;

    Op(String text, boolean whenAbsent, BiPredicate<String, String> test) {
      this.text = text;
      this.whenAbsent = whenAbsent;
      this.test = test;
    }

    /** The operator as written in canonical form. */
    public String text() {
      return text;
    }
  }

  /** {@code key <op> "value"}. */
  record Compare(String key, Op op, String value) implements Expr {
    public Compare {
      Syntax.checkKey(key);
      Syntax.checkValue(value);
      if (op == null) {
        throw new IllegalArgumentException("null operator");
      }
    }

    @Override
    public boolean evaluate(Labels labels) {
      String v = labels.get(key);
      return v == null ? op.whenAbsent : op.test.test(v, value);
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      out.append(key).append(' ').append(op.text).append(' ');
      Syntax.appendQuoted(out, value);
    }

    @Override
    public void collectKeys(Collection<String> keys) {
      keys.add(key);
    }
  }

  /**
   * {@code key in {..}} or, with {@code notIn}, {@code key not in {..}}. The values are kept
   * sorted by code point (the byte order of their UTF-8, as Calico sorts) without duplicates.
   */
  record InSet(String key, boolean notIn, Set<String> values) implements Expr {
    private static final Comparator<String> CODE_POINT_ORDER =
        (a, b) -> {
          int i = 0;
          int j = 0;
          while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
              return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
          }
          return Boolean.compare(i < a.length(), j < b.length());
        };

    public InSet {
      Syntax.checkKey(key);
      values.forEach(Syntax::checkValue);
      values = ImmutableSortedSet.copyOf(CODE_POINT_ORDER, values);
    }

    @Override
    public boolean evaluate(Labels labels) {
      String v = labels.get(key);
      return v == null ? notIn : values.contains(v) != notIn;
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      out.append(key).append(notIn ? " not in {" : " in {");
      boolean first = true;
      for (String v : values) {
        if (!first) {
          out.append(", ");
        }
        first = false;
        Syntax.appendQuoted(out, v);
      }
      out.append('}');
    }

    @Override
    public void collectKeys(Collection<String> keys) {
      keys.add(key);
    }
  }

  // ---- composites ----

  /** {@code !operand}. */
  record Not(Expr operand) implements Expr {
    public Not {
      if (operand instanceof Not) {
        throw new IllegalArgumentException("double negation: use Expr.not()");
      }
    }

    @Override
    public boolean evaluate(Labels labels) {
      return !operand.evaluate(labels);
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      out.append('!');
      operand.appendCanonical(out);
    }

    @Override
    public Expr mapLeaves(UnaryOperator<Expr> f) {
      return not(operand.mapLeaves(f));
    }

    @Override
    public void collectKeys(Collection<String> keys) {
      operand.collectKeys(keys);
    }
  }

  /** {@code a && b && ...}: two or more operands. */
  record And(List<Expr> operands) implements Expr {
    public And {
      operands = Syntax.checkOperands(operands);
    }

    @Override
    public boolean evaluate(Labels labels) {
      for (Expr e : operands) {
        if (!e.evaluate(labels)) {
          return false;
        }
      }
      return true;
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      Syntax.appendJoined(out, operands, " && ");
    }

    @Override
    public Expr mapLeaves(UnaryOperator<Expr> f) {
      return and(Syntax.mapAll(operands, f));
    }

    @Override
    public void collectKeys(Collection<String> keys) {
      operands.forEach(e -> e.collectKeys(keys));
    }
  }

  /** {@code a || b || ...}: two or more operands. */
  record Or(List<Expr> operands) implements Expr {
    public Or {
      operands = Syntax.checkOperands(operands);
    }

    @Override
    public boolean evaluate(Labels labels) {
      for (Expr e : operands) {
        if (e.evaluate(labels)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void appendCanonical(StringBuilder out) {
      Syntax.appendJoined(out, operands, " || ");
    }

    @Override
    public Expr mapLeaves(UnaryOperator<Expr> f) {
      return or(Syntax.mapAll(operands, f));
    }

    @Override
    public void collectKeys(Collection<String> keys) {
      operands.forEach(e -> e.collectKeys(keys));
    }
  }

  /** Lexical rules shared by the nodes, the tokenizer and the printer. */
  final class Syntax {
    private Syntax() {}

    /** Calico's label-key alphabet: {@code [a-zA-Z0-9_./-]}. */
    static boolean isKeyChar(char c) {
      return (c >= 'a' && c <= 'z')
          || (c >= 'A' && c <= 'Z')
          || (c >= '0' && c <= '9')
          || c == '_'
          || c == '.'
          || c == '/'
          || c == '-';
    }

    static void checkKey(String key) {
      if (key == null || key.isEmpty()) {
        throw new IllegalArgumentException("empty label key");
      }
      for (int i = 0; i < key.length(); i++) {
        if (!isKeyChar(key.charAt(i))) {
          throw new IllegalArgumentException("label key \"" + key + "\" has a character outside [a-zA-Z0-9_./-]");
        }
      }
    }

    /** The grammar has no escapes, so a value may hold one kind of quote but not both. */
    static void checkValue(String value) {
      if (value == null) {
        throw new IllegalArgumentException("null value");
      }
      if (value.indexOf('"') >= 0 && value.indexOf('\'') >= 0) {
        throw new IllegalArgumentException("value " + value + " holds both kinds of quote and cannot be written in a selector");
      }
    }

    static void appendQuoted(StringBuilder out, String value) {
      char q = value.indexOf('"') >= 0 ? '\'' : '"';
      out.append(q).append(value).append(q);
    }

    static List<Expr> checkOperands(List<Expr> operands) {
      List<Expr> copy = List.copyOf(operands);
      if (copy.size() < 2) {
        throw new IllegalArgumentException("needs two or more operands, got " + copy.size());
      }
      return copy;
    }

    static void appendJoined(StringBuilder out, List<Expr> operands, String sep) {
      out.append('(');
      for (int i = 0; i < operands.size(); i++) {
        if (i > 0) {
          out.append(sep);
        }
        operands.get(i).appendCanonical(out);
      }
      out.append(')');
    }

    static List<Expr> mapAll(List<Expr> operands, UnaryOperator<Expr> f) {
      List<Expr> out = new ArrayList<>(operands.size());
      for (Expr e : operands) {
        out.add(e.mapLeaves(f));
      }
      return out;
    }
  }
}
