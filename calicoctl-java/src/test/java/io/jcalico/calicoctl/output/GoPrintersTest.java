package io.jcalico.calicoctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The printers against what Go prints: yaml.v2's quoting, key order and folding, encoding/json's
 * escaping and numbers, fmt's %v, and text/tabwriter's padding as calicoctl configures it.
 */
class GoPrintersTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static JsonNode tree(String json) throws Exception {
    return JSON.readTree(json);
  }

  @Test
  void yamlQuotesOnlyWhatWouldReadBackAsAnotherType() throws Exception {
    assertThat(GoYaml.write(tree("""
        {"s": "plain text", "n": "1234", "f": "1.5", "b": "true", "y": "y", "no": "no", "null": "null",
         "e": "", "t": "2024-05-01T10:00:00Z", "d": "2024-05-01", "sixty": "10:20", "port": "80:81",
         "hex": "0x1F", "bang": "!has(x)", "amp": "&x", "colon": "a: b", "hash": "a #b", "dash": "- x",
         "quote": "it's", "lead": " x", "tab": "a\\tb", "sel": "role == 'db'", "all": "all()", "ver": "v3.31.0",
         "cidr": "198.18.0.0/16", "dots": "...", "ip6": "fd00::1"}""")))
        .isEqualTo("""
            all: all()
            amp: '&x'
            b: "true"
            bang: '!has(x)'
            cidr: 198.18.0.0/16
            colon: 'a: b'
            d: "2024-05-01"
            dash: '- x'
            dots: '...'
            e: ""
            f: "1.5"
            hash: 'a #b'
            hex: "0x1F"
            ip6: fd00::1
            lead: ' x'
            "n": "1234"
            "no": "no"
            "null": "null"
            port: 80:81
            quote: it's
            s: plain text
            sel: role == 'db'
            sixty: "10:20"
            t: "2024-05-01T10:00:00Z"
            tab: "a\\tb"
            ver: v3.31.0
            "y": "y"
            """);
  }

  @Test
  void yamlKeyOrderPutsNonLettersFirstAndComparesDigitRunsByValue() {
    List<String> keys = new ArrayList<>(List.of("ipv6Address", "ipv4Address", "a_b", "aB", "ab", "a-b", "x10", "x9", "Z"));
    keys.sort(GoYaml::compareKeys);
    assertThat(keys).containsExactly("Z", "a-b", "a_b", "aB", "ab", "ipv4Address", "ipv6Address", "x9", "x10");
  }

  @Test
  void yamlNestsLikeYamlV2AndFoldsLongScalarsPastColumn80() throws Exception {
    assertThat(GoYaml.write(tree("""
        {"spec": {"ports": [80, {"name": "x", "port": 1}], "empty": {}, "none": [], "n": null, "on": true,
          "order": 10.5, "whole": 100.0, "big": 1.0e21,
          "selector": "role in {'frontend', 'backend', 'database', 'cache', 'queue'} && environment == 'production'",
          "text": "line one\\nline two\\n"}}""")))
        .isEqualTo("""
            spec:
              big: 1e+21
              empty: {}
              "n": null
              none: []
              "on": true
              order: 10.5
              ports:
              - 80
              - name: x
                port: 1
              selector: role in {'frontend', 'backend', 'database', 'cache', 'queue'} && environment
                == 'production'
              text: |
                line one
                line two
              whole: 100
            """);
    assertThat(GoYaml.write(tree("[{\"a\": 1}, {\"b\": [1, 2]}]"))).isEqualTo("- a: 1\n- b:\n  - 1\n  - 2\n");
    assertThat(GoYaml.write(tree("[]"))).isEqualTo("[]\n");
  }

  @Test
  void jsonIsMarshalIndentWithHtmlEscapingAndGoFloats() throws Exception {
    assertThat(GoJson.write(tree("""
        {"sel": "a == 'x' && b != \\"y\\"", "lt": "<>", "nl": "a\\nb", "ctl": "\\u0001", "i": 5, "f": 10.5,
         "w": 1.0E21, "tiny": 1.0E-7, "e": {}, "l": [], "n": null, "u": "ü\\u2028"}""")))
        .isEqualTo("""
            {
              "sel": "a == 'x' \\u0026\\u0026 b != \\"y\\"",
              "lt": "\\u003c\\u003e",
              "nl": "a\\nb",
              "ctl": "\\u0001",
              "i": 5,
              "f": 10.5,
              "w": 1e+21,
              "tiny": 1e-7,
              "e": {},
              "l": [],
              "n": null,
              "u": "ü\\u2028"
            }""");
  }

  @Test
  void goFloatFormatsMatchStrconv() {
    assertThat(GoValues.formatG(100)).isEqualTo("100");
    assertThat(GoValues.formatG(123456)).isEqualTo("123456");
    assertThat(GoValues.formatG(1e6)).isEqualTo("1e+06");
    assertThat(GoValues.formatG(1234567)).isEqualTo("1.234567e+06");
    assertThat(GoValues.formatG(0.0001)).isEqualTo("0.0001");
    assertThat(GoValues.formatG(0.00001)).isEqualTo("1e-05");
    assertThat(GoValues.formatG(-2.5)).isEqualTo("-2.5");
    assertThat(GoValues.formatJson(1e20)).isEqualTo("100000000000000000000");
    assertThat(GoValues.formatJson(1e21)).isEqualTo("1e+21");
    assertThat(GoValues.formatJson(1.5e-7)).isEqualTo("1.5e-7");
  }

  @Test
  void tablePadsEveryCellToItsColumnPlusThreeWithAMinimumOfFive() {
    assertThat(GoTable.render(List.of("NAME", "CIDR", "SELECTOR"),
        List.of(List.of("pool-name1", "198.18.1.0/24", "foo == 'bar'"), List.of("p", "", ""))))
        .isEqualTo("NAME         CIDR            SELECTOR       \n"
            + "pool-name1   198.18.1.0/24   foo == 'bar'   \n"
            + "p                                           \n");
    assertThat(GoTable.render(List.of("A"), List.of(List.of("b")))).isEqualTo("A    \nb    \n");
  }

  @Test
  void percentVOfStructsListsAndMaps() throws Exception {
    assertThat(GoValues.join(tree("[{\"internalIP\": \"198.18.0.1\", \"externalIP\": \"198.19.0.1\"}]"), ","))
        .isEqualTo("{198.18.0.1 198.19.0.1}");
    assertThat(GoValues.join(tree("{\"b\": \"2\", \"a\": \"1\"}"), ",")).isEqualTo("a=1,b=2");
    assertThat(GoValues.pointer(tree("{}").path("x"))).isEqualTo("<nil>");
  }
}
