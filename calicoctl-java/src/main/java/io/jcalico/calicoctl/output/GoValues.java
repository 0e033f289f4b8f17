package io.jcalico.calicoctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Values as Go prints them, so cells and documents read as calicoctl's do: {@code fmt}'s
 * {@code %v} (a nil pointer is {@code <nil>}, a float is {@code %g}, a struct is {@code {a b}}),
 * {@code encoding/json}'s numbers and yaml.v2's floats.
 */
final class GoValues {
  private GoValues() {}

  static JsonNode at(JsonNode tree, String path) {
    JsonNode n = tree;
    for (String part : path.split("\\.")) n = n.path(part);
    return n;
  }

  /** A field that is a value in Go (string, bool, number): its zero value when absent. */
  static String value(JsonNode n, String zero) {
    return absent(n) ? zero : v(n);
  }

  /** A pointer field in Go: {@code <nil>} when absent. */
  static String pointer(JsonNode n) {
    return absent(n) ? "<nil>" : v(n);
  }

  static boolean absent(JsonNode n) {
    return n == null || n.isMissingNode() || n.isNull();
  }

  /** calicoctl's {@code join}: list items or sorted {@code k=v} map entries, each as {@code %v}. */
  static String join(JsonNode n, String sep) {
    if (absent(n)) return "";
    List<String> parts = new ArrayList<>();
    if (n.isObject()) {
      for (Map.Entry<String, JsonNode> e : n.properties()) parts.add(e.getKey() + "=" + v(e.getValue()));
      parts.sort(null);
    } else if (n.isArray()) {
      n.forEach(e -> parts.add(v(e)));
    } else {
      parts.add(v(n));
    }
    return String.join(sep, parts);
  }

  /** {@code %v}: structs as {@code {field field}} in declaration order, floats as {@code %g}. */
  static String v(JsonNode n) {
    if (absent(n)) return "<nil>";
    if (n.isTextual()) return n.asText();
    if (n.isFloatingPointNumber()) return formatG(n.doubleValue());
    if (n.isNumber() || n.isBoolean()) return n.asText();
    List<String> parts = new ArrayList<>();
    if (n.isObject()) {
      n.forEach(e -> parts.add(v(e)));
      return "{" + String.join(" ", parts) + "}";
    }
    n.forEach(e -> parts.add(v(e)));
    return "[" + String.join(" ", parts) + "]";
  }

  /** strconv.FormatFloat(f, 'g', -1, 64): shortest digits, exponent form below 1e-4 and from 1e6. */
  static String formatG(double d) {
    if (d == 0) return "0";
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    if (exp >= -4 && exp < 6) return bd.toPlainString();
    return exponent(d < 0, digits, exp);
  }

  /** encoding/json's float: plain decimal, exponent form below 1e-6 and from 1e21 ("1e-7", "1e+21"). */
  static String formatJson(double d) {
    double abs = Math.abs(d);
    if (abs == 0) return "0";
    BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    if (abs >= 1e-6 && abs < 1e21) return bd.toPlainString();
    String digits = bd.unscaledValue().abs().toString();
    return exponent(d < 0, digits, digits.length() - 1 - bd.scale()).replaceFirst("e-0(\\d)$", "e-$1");
  }

  private static String exponent(boolean negative, String digits, int exp) {
    String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    String e = Integer.toString(Math.abs(exp));
    return (negative ? "-" : "") + mantissa + "e" + (exp < 0 ? "-" : "+") + (e.length() < 2 ? "0" + e : e);
  }
}
