package io.jcalico.datastore.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Algebraic laws of the selector language checked over random label sets and random selectors
 * (fixed seeds, so a failure reproduces). Keys and values come from small alphabets so that
 * matches, mismatches and absent labels all occur often.
 */
class SelectorPropertyTest {

  private static final String[] KEYS = {"a", "b", "app", "x.io/tier"};
  private static final String[] VALUES = {"", "x", "y", "xy", "web", "we\"b", "it's"};
  private static final int LABEL_SETS = 300;

  private final Random rnd = new Random(0x5e1ec7);
  private final List<Map<String, String>> labelSets = randomLabelSets();

  private List<Map<String, String>> randomLabelSets() {
    List<Map<String, String>> sets = new ArrayList<>();
    sets.add(Map.of());
    for (int i = 1; i < LABEL_SETS; i++) {
      Map<String, String> m = new HashMap<>();
      for (String k : KEYS) {
        if (rnd.nextInt(3) != 0) {
          m.put(k, pick(VALUES));
        }
      }
      sets.add(m);
    }
    return sets;
  }

  private String pick(String[] from) {
    return from[rnd.nextInt(from.length)];
  }

  private Set<String> randomValues() {
    Set<String> vs = new LinkedHashSet<>();
    int n = rnd.nextInt(4);
    for (int i = 0; i < n; i++) {
      vs.add(pick(VALUES));
    }
    return vs;
  }

  private Expr randomLeaf() {
    String k = pick(KEYS);
    return switch (rnd.nextInt(6)) {
      case 0 -> new Expr.Has(k);
      case 1 -> new Expr.InSet(k, rnd.nextBoolean(), randomValues());
      case 2 -> rnd.nextInt(4) == 0 ? new Expr.All() : new Expr.Global();
      default -> new Expr.Compare(k, Expr.Op.values()[rnd.nextInt(Expr.Op.values().length)], pick(VALUES));
    };
  }

  private Expr randomExpr(int depth) {
    if (depth == 0 || rnd.nextInt(3) == 0) {
      return randomLeaf();
    }
    int n = 2 + rnd.nextInt(2);
    List<Expr> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ops.add(randomExpr(depth - 1));
    }
    return switch (rnd.nextInt(3)) {
      case 0 -> Expr.and(ops);
      case 1 -> Expr.or(ops);
      default -> Expr.not(ops.get(0));
    };
  }

  /** Two selectors are equivalent when they agree on every generated label set. */
  private void assertEquivalent(Selector p, Selector q) {
    for (Map<String, String> labels : labelSets) {
      assertThat(q.evaluate(labels)).as("%s vs %s on %s", p, q, labels).isEqualTo(p.evaluate(labels));
    }
  }

  private Selector sel(String text) {
    return Selector.parse(text);
  }

  private static String q(String v) {
    return v.contains("\"") ? "'" + v + "'" : "\"" + v + "\"";
  }

  @Test
  void equalityIsNegatedInequality() {
    for (String k : KEYS) {
      for (String v : VALUES) {
        assertEquivalent(sel(k + " == " + q(v)), sel("!(" + k + " != " + q(v) + ")"));
        assertEquivalent(sel(k + " in {" + q(v) + "}"), sel(k + " == " + q(v)));
        assertEquivalent(sel(k + " not in {" + q(v) + "}"), sel(k + " != " + q(v)));
      }
    }
  }

  @Test
  void inIsADisjunctionOfEqualitiesAndNotInItsNegation() {
    for (int i = 0; i < 200; i++) {
      String k = pick(KEYS);
      Set<String> vs = randomValues();
      vs.add(pick(VALUES));
      String set = String.join(", ", vs.stream().map(SelectorPropertyTest::q).toList());
      String disjunction = String.join(" || ", vs.stream().map(v -> k + " == " + q(v)).toList());
      assertEquivalent(sel(k + " in {" + set + "}"), sel(disjunction));
      assertEquivalent(sel(k + " not in {" + set + "}"), sel("!(" + disjunction + ")"));
    }
  }

  @Test
  void deMorganHoldsForRandomOperands() {
    for (int i = 0; i < 300; i++) {
      Selector a = new Selector(randomExpr(2));
      Selector b = new Selector(randomExpr(2));
      String as = a.canonical();
      String bs = b.canonical();
      assertEquivalent(sel("!(" + as + " && " + bs + ")"), sel("!" + paren(as) + " || !" + paren(bs)));
      assertEquivalent(sel("!(" + as + " || " + bs + ")"), sel("!" + paren(as) + " && !" + paren(bs)));
    }
  }

  private static String paren(String s) {
    return "(" + s + ")";
  }

  @Test
  void stringOperatorsImplyPresenceAndCoverEquality() {
    for (String k : KEYS) {
      assertEquivalent(sel(k + " starts with ''"), sel("has(" + k + ")"));
      assertEquivalent(sel(k + " contains ''"), sel("has(" + k + ")"));
      assertEquivalent(sel(k + " != 'x' && has(" + k + ")"), sel("has(" + k + ") && !" + k + " == 'x'"));
      for (String v : VALUES) {
        Selector eq = sel(k + " == " + q(v));
        for (String op : List.of("contains", "starts with", "ends with")) {
          Selector weaker = sel(k + " " + op + " " + q(v));
          for (Map<String, String> labels : labelSets) {
            if (eq.evaluate(labels)) {
              assertThat(weaker.evaluate(labels)).as("%s implies %s", eq, weaker).isTrue();
            }
          }
        }
      }
    }
  }

  @Test
  void canonicalReparsesToAnEqualAndEquivalentSelector() {
    for (int i = 0; i < 2000; i++) {
      Selector s = new Selector(randomExpr(4));
      Selector again = sel(s.canonical());
      assertThat(again).isEqualTo(s);
      assertThat(again.canonical()).isEqualTo(s.canonical());
      assertThat(again.uniqueId()).isEqualTo(s.uniqueId());
      assertEquivalent(s, again);
    }
  }

  @Test
  void whitespaceQuotesAndRedundantParenthesesDoNotChangeCanonicalForm() {
    for (int i = 0; i < 500; i++) {
      Selector s = new Selector(randomExpr(3));
      String noisy =
          "( " + s.canonical().replace(" == ", "==").replace(" && ", "  &&\t").replace("(", "( ") + " )";
      assertThat(sel(noisy).canonical()).isEqualTo(s.canonical());
    }
  }

  @Test
  void andOrAreCommutativeInMeaning() {
    for (int i = 0; i < 300; i++) {
      String a = new Selector(randomExpr(2)).canonical();
      String b = new Selector(randomExpr(2)).canonical();
      assertEquivalent(sel(a + " && " + b), sel(b + " && " + a));
      assertEquivalent(sel(a + " || " + b), sel(b + " || " + a));
      assertEquivalent(sel("!!" + paren(a)), sel(a));
    }
  }
}
