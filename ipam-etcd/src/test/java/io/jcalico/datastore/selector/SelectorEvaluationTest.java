package io.jcalico.datastore.selector;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluation with Calico's semantics (the cases of libcalico-go's parser tests, in our own
 * notation): labels are written {@code k=v,k2=v2}; {@code {}} is no labels.
 */
class SelectorEvaluationTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        c("a == \"b\"", List.of("a=b", "a=b,c=d"), List.of("{}", "a=c", "c=d")),
        c("a == \"b\" && c == \"d\"", List.of("a=b,c=d"), List.of("{}", "a=b,c=e", "a=c,c=d", "c=d", "a=b")),
        c("a == \"b\" || c == \"d\"", List.of("a=b,c=d", "a=b", "c=d"), List.of("{}", "a=e,c=e", "c=e", "a=e")),
        c("a in {\"'\", '\"', \"c\"}", List.of("a=c", "a=\"", "a='"), List.of("{}", "a=e")),
        c("a not in {\"'\", '\"', \"c\"}", List.of("{}", "a=e"), List.of("a=c", "a=\"", "a='")),
        c("a != \"b\"", List.of("a=a", "{}", "c=b"), List.of("a=b")),
        c("a contains \"a\"", List.of("a=a", "a=bab", "a=aaa,b=c"), List.of("{}", "a=b", "b=aaa")),
        c("a starts with \"a\"", List.of("a=a", "a=abb", "a=aaa,b=c"), List.of("{}", "a=b", "a=baa", "b=aaa")),
        c("a ends with \"a\"", List.of("a=a", "a=bba", "a=aaa,b=c"), List.of("{}", "a=b", "a=aab", "b=aaa")),
        c("a starts with \"\"", List.of("a=", "a=x"), List.of("{}")),
        c("a == \"\"", List.of("a="), List.of("{}", "a=x")),
        c("!a in {\"a\"}", List.of("a=b", "{}"), List.of("a=a")),
        c("a in {}", List.of(), List.of("{}", "a=", "a=x")),
        c("a not in {}", List.of("{}", "a=", "a=x"), List.of()),
        c("has(a)", List.of("a=b", "a="), List.of("{}", "b=a")),
        c("!has(a)", List.of("b=b", "{}"), List.of("a=b")),
        c("!!!has(a)", List.of("{}"), List.of("a=b")),
        c("", List.of("{}", "a=b"), List.of()),
        c("all()", List.of("{}", "a=b"), List.of()),
        c("global()", List.of("{}", "a=b"), List.of()),
        c("a == 'a1' && b != 'b1'", List.of("a=a1", "a=a1,b=b2"), List.of("a=a1,b=b1")),
        c("a != 'a1' && !b == 'b1'", List.of("{}", "a=a2,b=b2"), List.of("a=a1,b=b1", "b=b1")),
        c("has(a) && !has(b)", List.of("a=a"), List.of("a=a,b=b", "{}")),
        c("!(!has(a) || has(b))", List.of("a=a"), List.of("a=a,b=b", "{}")),
        c("a != 'a1' || b != 'b1'", List.of("{}", "a=a1"), List.of("a=a1,b=b1")),
        c("! a == 'a1' || ! b == 'b1'", List.of("a=a1"), List.of("a=a1,b=b1")),
        c("(a == 'x' || b == 'y') && c == 'z'", List.of("a=x,c=z", "b=y,c=z"), List.of("a=x", "c=z", "a=y,c=z")),
        c("a == 'x' || b == 'y' && c == 'z'", List.of("a=x", "b=y,c=z"), List.of("b=y", "c=z")),
        c("projectcalico.org/namespace == 'ns1' && k8s-app in {'web', 'db'}",
            List.of("projectcalico.org/namespace=ns1,k8s-app=db"),
            List.of("projectcalico.org/namespace=ns2,k8s-app=db", "projectcalico.org/namespace=ns1")));
  }

  private static Arguments c(String selector, List<String> matches, List<String> nonMatches) {
    return Arguments.of(selector, matches, nonMatches);
  }

  private static Map<String, String> labels(String spec) {
    Map<String, String> m = new HashMap<>();
    if (!spec.equals("{}")) {
      for (String kv : spec.split(",")) {
        int eq = kv.indexOf('=');
        m.put(kv.substring(0, eq), kv.substring(eq + 1));
      }
    }
    return m;
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void matchesAsCalicoDoes(String selector, List<String> matches, List<String> nonMatches) {
    Selector s = Selector.parse(selector);
    Selector canonical = Selector.parse(s.canonical());
    for (String m : matches) {
      assertThat(s.evaluate(labels(m))).as("%s on %s", selector, m).isTrue();
      assertThat(canonical.evaluate(labels(m))).as("canonical %s on %s", canonical, m).isTrue();
    }
    for (String m : nonMatches) {
      assertThat(s.evaluate(labels(m))).as("%s on %s", selector, m).isFalse();
      assertThat(canonical.evaluate(labels(m))).as("canonical %s on %s", canonical, m).isFalse();
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("cases")
  void evaluatesLayeredLabelsLikeAMap(String selector, List<String> matches, List<String> nonMatches) {
    Selector s = Selector.parse(selector);
    for (String m : matches) {
      Map<String, String> own = labels(m);
      // The same labels split over two layers, looked up own-first.
      Map<String, String> inherited = new HashMap<>(own);
      Labels layered = k -> own.containsKey(k) ? own.get(k) : inherited.get(k);
      own.keySet().removeIf(k -> k.hashCode() % 2 == 0);
      assertThat(s.evaluate(layered)).isTrue();
    }
  }
}
