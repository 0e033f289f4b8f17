package io.jcalico.datastore.selector;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * A parsed Calico label selector (the language of libcalico-go's selector package):
 * {@code ==}, {@code !=}, {@code in {..}}, {@code not in {..}}, {@code has(k)}, {@code all()},
 * {@code global()}, {@code contains}, {@code starts with}, {@code ends with}, {@code &&},
 * {@code ||}, {@code !} and parentheses, strings in single or double quotes.
 *
 * <p>Two selectors are equal when their {@link #canonical()} texts are; the canonical text is the
 * one Calico prints, so {@link #uniqueId()} equals Calico's selector UniqueID (Felix derives IP
 * set names from it). Immutable and thread-safe.
 */
public record Selector(Expr root) {

  /** {@code all()}, also what an empty selector means. */
  public static final Selector ALL = new Selector(new Expr.All());

  public Selector {
    if (root == null) {
      throw new IllegalArgumentException("null root");
    }
  }

  /**
   * Parses {@code text}; null, empty or blank means {@code all()}.
   *
   * @throws SelectorParseException naming the 1-based position and what was expected there
   */
  public static Selector parse(String text) {
    return text == null ? ALL : new Selector(Parser.parse(text));
  }

  /** Whether {@code text} parses (for validation that only needs a yes or no). */
  public static boolean isValid(String text) {
    try {
      parse(text);
      return true;
    } catch (SelectorParseException e) {
      return false;
    }
  }

  public boolean evaluate(Map<String, String> labels) {
    return root.evaluate(labels::get);
  }

  public boolean evaluate(Labels labels) {
    return root.evaluate(labels);
  }

  /**
   * The normalised text: single blanks around operators, {@code &&}/{@code ||} groups in
   * parentheses, sets sorted and de-duplicated, values in double quotes unless they contain one.
   * It re-parses to an equal selector, so it is stable for hashing and comparison.
   */
  public String canonical() {
    StringBuilder sb = new StringBuilder();
    root.appendCanonical(sb);
    return sb.toString();
  }

  /**
   * Calico's UniqueID of this selector: {@code "s:"} and the unpadded base64url of the SHA-224 of
   * {@code "s:" + canonical()}.
   */
  public String uniqueId() {
    try {
      MessageDigest sha224 = MessageDigest.getInstance("SHA-224");
      byte[] hash = sha224.digest(("s:" + canonical()).getBytes(StandardCharsets.UTF_8));
      return "s:" + Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-224", e);
    }
  }

  /** The label keys the selector reads, sorted. */
  public Set<String> labelKeys() {
    Set<String> keys = new TreeSet<>();
    root.collectKeys(keys);
    return keys;
  }

  /** Each leaf replaced by {@code f} of it (see {@link Expr#mapLeaves}). */
  public Selector mapLeaves(UnaryOperator<Expr> f) {
    return new Selector(root.mapLeaves(f));
  }

  /** Every label key prefixed, as Calico's PrefixVisitor does ({@code pcns.}, {@code pcsa.}). */
  public Selector withLabelPrefix(String prefix) {
    return mapLeaves(
        leaf -> {
          if (leaf instanceof Expr.Has h) {
            return new Expr.Has(prefix + h.key());
          }
          if (leaf instanceof Expr.Compare c) {
            return new Expr.Compare(prefix + c.key(), c.op(), c.value());
          }
          if (leaf instanceof Expr.InSet s) {
            return new Expr.InSet(prefix + s.key(), s.notIn(), s.values());
          }
          return leaf;
        });
  }

  /** The conjunction; {@code all()} operands are dropped, so {@code and()} of nothing is all(). */
  public static Selector and(Selector... selectors) {
    List<Expr> parts = new ArrayList<>();
    for (Selector s : selectors) {
      if (!(s.root instanceof Expr.All)) {
        parts.add(s.root);
      }
    }
    return parts.isEmpty() ? ALL : new Selector(Expr.and(parts));
  }

  public Selector not() {
    return new Selector(Expr.not(root));
  }

  @Override
  public String toString() {
    return canonical();
  }
}
