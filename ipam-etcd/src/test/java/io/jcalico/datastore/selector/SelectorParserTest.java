package io.jcalico.datastore.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The parser accepts Calico's grammar, prints Calico's canonical form and names its errors. */
class SelectorParserTest {

  static Stream<Arguments> canonicalForms() {
    return Stream.of(
        Arguments.of("", "all()"),
        Arguments.of("   ", "all()"),
        Arguments.of(" all() ", "all()"),
        Arguments.of(" (all() )", "all()"),
        Arguments.of("global()", "global()"),
        Arguments.of("! (has( b)||! has(a ))", "!(has(b) || !has(a))"),
        Arguments.of("! (a == \"b\"&&! c != \"d\")", "!(a == \"b\" && !c != \"d\")"),
        Arguments.of("a == \"'\"", "a == \"'\""),
        Arguments.of("a == '\"'", "a == '\"'"),
        Arguments.of("a == 'x'", "a == \"x\""),
        Arguments.of("a\t==\t'x'", "a == \"x\""),
        Arguments.of("a contains '\"'", "a contains '\"'"),
        Arguments.of("a contains\"v\"", "a contains \"v\""),
        Arguments.of("a startswith '\"'", "a starts with '\"'"),
        Arguments.of("a starts  with 'v'", "a starts with \"v\""),
        Arguments.of("a endswith \"'\"", "a ends with \"'\""),
        Arguments.of("a!='\"'", "a != '\"'"),
        Arguments.of("a in {\"d\", \"a\", \"b\"}", "a in {\"a\", \"b\", \"d\"}"),
        Arguments.of("a in {\"z\", \"z\", \"x\", \"y\", \"x\", \"a\"}", "a in {\"a\", \"x\", \"y\", \"z\"}"),
        Arguments.of("a in {}", "a in {}"),
        Arguments.of("a in {'x',}", "a in {\"x\"}"),
        Arguments.of("a notin{'bar'}", "a not in {\"bar\"}"),
        Arguments.of("a  not  in  {'b'}", "a not in {\"b\"}"),
        Arguments.of("a in{'\"', \"'\"}", "a in {'\"', \"'\"}"),
        Arguments.of("!a in {'a'}", "!a in {\"a\"}"),
        Arguments.of("!!has(a)", "has(a)"),
        Arguments.of("!! ! has(a)", "!has(a)"),
        Arguments.of("!(!has(a))", "has(a)"),
        Arguments.of("a == 'b' && c == 'd'", "(a == \"b\" && c == \"d\")"),
        Arguments.of("a == 'b' || c == 'd' && e == 'f'", "(a == \"b\" || (c == \"d\" && e == \"f\"))"),
        Arguments.of("(a == 'x')", "a == \"x\""),
        Arguments.of("((a == 'x' && b == 'y') && c == 'z')", "((a == \"x\" && b == \"y\") && c == \"z\")"),
        Arguments.of(
            "calico/k8s_ns == \"kube-system\" && k8s-app == \"kube-dns\"",
            "(calico/k8s_ns == \"kube-system\" && k8s-app == \"kube-dns\")"),
        Arguments.of("has(calico/k8s_NS-.1/role)", "has(calico/k8s_NS-.1/role)"),
        Arguments.of("contains contains 'contains'", "contains contains \"contains\""),
        Arguments.of("startswith starts with 'v'", "startswith starts with \"v\""),
        Arguments.of("all == 'x' && has == 'y'", "(all == \"x\" && has == \"y\")"),
        Arguments.of("projectcalico.org/namespace == 'kube-system'", "projectcalico.org/namespace == \"kube-system\""),
        Arguments.of("a == ''", "a == \"\""),
        Arguments.of("a == 'x y & | ( )'", "a == \"x y & | ( )\""));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("canonicalForms")
  void printsCalicoCanonicalFormThatReparsesToItself(String input, String canonical) {
    Selector s = Selector.parse(input);
    assertThat(s.canonical()).isEqualTo(canonical);
    Selector again = Selector.parse(canonical);
    assertThat(again).isEqualTo(s);
    assertThat(again.canonical()).isEqualTo(canonical);
    assertThat(again.uniqueId()).isEqualTo(s.uniqueId());
  }

  /** The UniqueIDs libcalico-go's own tests expect; equal IDs mean equal canonical text. */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource
  void uniqueIdMatchesCalico(String input, String uid) {
    assertThat(Selector.parse(input).uniqueId()).isEqualTo(uid);
  }

  static Stream<Arguments> uniqueIdMatchesCalico() {
    return Stream.of(
        Arguments.of("", "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug"),
        Arguments.of(" all() ", "s:5y5I3VdRZfDU01O--xXAPx2yxCQQqMf0M6IWug"),
        Arguments.of("! (has( b)||! has(a ))", "s:Iss0uCleLYv1GSv_pNm7hAO58kE9jAx1NKyG3Q"),
        Arguments.of("! (a == \"b\"&&! c != \"d\")", "s:lh3haoY1ikTRkd4UZu0nWSaIBknYLPJLX16d-w"));
  }

  private static final String OPERATION = "expected a label, '!', '(', has(), all() or global()";
  private static final String OPERATOR =
      "expected an operator (==, !=, in, not in, contains, starts with, ends with)";

  static Stream<Arguments> invalidSelectors() {
    return Stream.of(
        Arguments.of("role == ", 9, "expected a quoted string at position 9"),
        Arguments.of("a ==", 5, "expected a quoted string at position 5"),
        Arguments.of("b == b", 6, "expected a quoted string at position 6, found label 'b'"),
        Arguments.of("b contains b", 12, "expected a quoted string at position 12, found label 'b'"),
        Arguments.of("b starts with b", 15, "expected a quoted string at position 15, found label 'b'"),
        Arguments.of("b ends with b", 13, "expected a quoted string at position 13, found label 'b'"),
        Arguments.of("foo != ||", 8, "expected a quoted string at position 8, found '||'"),
        Arguments.of("'b1' == b", 1, OPERATION + " at position 1, found string 'b1'"),
        Arguments.of("!", 2, OPERATION + " at position 2"),
        Arguments.of("!!", 3, OPERATION + " at position 3"),
        Arguments.of("(", 2, OPERATION + " at position 2"),
        Arguments.of(")", 1, OPERATION + " at position 1, found ')'"),
        Arguments.of("()", 2, OPERATION + " at position 2, found ')'"),
        Arguments.of("%", 1, OPERATION + " at position 1, found '%'"),
        Arguments.of("a == \"b\" && %", 13, OPERATION + " at position 13, found '%'"),
        Arguments.of("a == \"b\" || %", 13, OPERATION + " at position 13, found '%'"),
        Arguments.of("has(foo) &&", 12, OPERATION + " at position 12"),
        Arguments.of("a == 'x' ||", 12, OPERATION + " at position 12"),
        Arguments.of("b", 2, OPERATOR + " at position 2"),
        Arguments.of("a ", 3, OPERATOR + " at position 3"),
        Arguments.of("a b", 3, OPERATOR + " at position 3, found 'b'"),
        Arguments.of("a squiggles \"value\"", 3, OPERATOR + " at position 3, found 'squiggles'"),
        Arguments.of("has (a)", 5, OPERATOR + " at position 5, found '('"),
        Arguments.of("a = \"b\"", 3, "expected '==' at position 3, found '='"),
        Arguments.of("foo == \"bar\" &", 14, "expected '&&' at position 14, found '&'"),
        Arguments.of("a == \"b\" &&& c == \"d\"", 12, "expected '&&' at position 12, found '&'"),
        Arguments.of("foo == \"bar\" |", 14, "expected '||' at position 14, found '|'"),
        Arguments.of("a starts foo \"value\"", 10, "expected 'with' at position 10, found 'foo'"),
        Arguments.of("a ends", 7, "expected 'with' at position 7"),
        Arguments.of("a not \"x\"", 7, "expected 'in' after 'not' at position 7, found '\"'"),
        Arguments.of("foo in \"\"", 8, "expected '{' at position 8, found string \"\""),
        Arguments.of("a in", 5, "expected '{' at position 5"),
        Arguments.of("foo in {\"\", ||", 13, "expected a quoted string or '}' at position 13, found '||'"),
        Arguments.of("a in {,}", 7, "expected a quoted string or '}' at position 7, found ','"),
        Arguments.of("a in {\"x\" \"y\"}", 11, "expected ',' or '}' at position 11, found string \"y\""),
        Arguments.of("a in {\"x\"", 10, "expected ',' or '}' at position 10"),
        Arguments.of("\"FOO", 1, "expected a closing \" for the string at position 1"),
        Arguments.of("\"FOO'", 1, "expected a closing \" for the string at position 1"),
        Arguments.of("a == 'FOO", 6, "expected a closing ' for the string at position 6"),
        Arguments.of("(a == \"foo\"", 12, "expected '&&', '||' or ')' at position 12"),
        Arguments.of("a == 'x' && (b == 'y'", 22, "expected '&&', '||' or ')' at position 22"),
        Arguments.of(
            "a == \"b\" c == \"d\"",
            10,
            "expected '&&', '||' or the end of the selector at position 10, found label 'c'"),
        Arguments.of(
            "a == \"b\"\n",
            9,
            "expected '&&', '||' or the end of the selector at position 9, found character U+000A"),
        Arguments.of("has()", 5, "expected a label key at position 5, found ')'"),
        Arguments.of("has(a", 6, "expected ')' at position 6"),
        Arguments.of("has(a b)", 7, "expected ')' at position 7, found 'b'"),
        Arguments.of("all(x)", 5, "expected ')' at position 5, found 'x'"),
        Arguments.of("global( ", 9, "expected ')' at position 9"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("invalidSelectors")
  void rejectsWithPositionAndExpectation(String input, int position, String reason) {
    assertThatThrownBy(() -> Selector.parse(input))
        .isInstanceOfSatisfying(
            SelectorParseException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.position()).isEqualTo(position);
              assertThat(e.selector()).isEqualTo(input);
              assertThat(e.getMessage()).isEqualTo("selector \"" + input + "\" : " + reason);
            });
    assertThat(Selector.isValid(input)).isFalse();
  }

  @Test
  void nullAndEmptyMeanAll() {
    assertThat(Selector.parse(null)).isEqualTo(Selector.ALL);
    assertThat(Selector.parse("")).isEqualTo(Selector.ALL);
    assertThat(Selector.ALL.canonical()).isEqualTo("all()");
  }

  @Test
  void labelKeysListsEveryKeyRead() {
    Selector s = Selector.parse("a == 'x' && (has(b) || !c in {'y'}) && d starts with 'z' && all()");
    assertThat(s.labelKeys()).containsExactly("a", "b", "c", "d");
  }

  @Test
  void prefixingRewritesEveryKeyLikeCalicosPrefixVisitor() {
    Selector s = Selector.parse("!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))");
    assertThat(s.withLabelPrefix("visited/").canonical())
        .isEqualTo("!(!((visited/k == \"v\" && has(visited/t)) || all()) && visited/a in {\"b\", \"c\"})");
  }

  @Test
  void mapLeavesSeesEachLeafOnceEvenWhenNegationsCollapse() {
    // global() -> !has(ns): "!global()" must become has(ns), and has(ns) must not be mapped again.
    Selector s = Selector.parse("!global() || has(x)");
    Selector mapped =
        s.mapLeaves(
            leaf -> {
              if (leaf instanceof Expr.Global) {
                return Expr.not(new Expr.Has("ns"));
              }
              if (leaf instanceof Expr.Has h) {
                return new Expr.Has("p." + h.key());
              }
              return leaf;
            });
    assertThat(mapped.canonical()).isEqualTo("(has(ns) || has(p.x))");
  }

  @Test
  void andDropsAllAndKeepsOrder() {
    Selector a = Selector.parse("a == 'x'");
    Selector b = Selector.parse("has(b)");
    assertThat(Selector.and(a, Selector.ALL, b).canonical()).isEqualTo("(a == \"x\" && has(b))");
    assertThat(Selector.and(Selector.ALL).canonical()).isEqualTo("all()");
    assertThat(Selector.and(a).not().not()).isEqualTo(a);
  }

  @Test
  void nodesRefuseWhatTheGrammarCannotExpress() {
    assertThatThrownBy(() -> new Expr.Has("bad key")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expr.Compare("k", Expr.Op.EQ, "both ' and \""))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expr.Not(new Expr.Not(new Expr.All())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Expr.And(java.util.List.of(new Expr.All())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
