package io.jcalico.calicoctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * YAML as calicoctl writes it. calicoctl marshals a resource to JSON and converts that to YAML with
 * go-yaml v2, so: every mapping's keys sorted (yaml.v2's order: non-letters before letters, digit
 * runs by value), block style with sequences not indented under their key, {@code {}}/{@code []}
 * when empty, strings plain unless they would read back as another type (then double-quoted) or
 * cannot be plain (then single-quoted), multi-line strings as literal blocks, and long scalars
 * folded at spaces past column 80 (libyaml's best width).
 */
public final class GoYaml {
  private static final int BEST_WIDTH = 80;
  private static final Pattern BASE60_FLOAT = Pattern.compile("^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\\.[0-9_]*)?$");
  private static final Pattern INT = Pattern.compile("^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$");
  private static final Pattern FLOAT = Pattern.compile("^[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?$");
  private static final Pattern DOT_FLOAT = Pattern.compile("^\\.[0-9]+([eE][-+]?[0-9]+)?$");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(([Tt][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2}))"
          + "|( [0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]+)?))?$");
  private static final Set<String> NON_STRINGS = Set.of(
      "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON",
      "n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
      "", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF",
      "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF");

  private enum Style { PLAIN, SINGLE, DOUBLE, LITERAL }

  private final StringBuilder out = new StringBuilder();
  private int column;

  private GoYaml() {}

  /** The document, ending in a newline. */
  public static String write(JsonNode tree) {
    GoYaml y = new GoYaml();
    if (tree.isObject() && !tree.isEmpty()) {
      y.mapping(tree, 0, false);
    } else if (tree.isArray() && !tree.isEmpty()) {
      y.sequence(tree, 0, false);
    } else {
      y.value(tree, 2, false);
      y.newline();
    }
    return y.out.toString();
  }

  private void mapping(JsonNode map, int indent, boolean continueLine) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(map.properties());
    entries.sort(Comparator.comparing(Map.Entry::getKey, GoYaml::compareKeys));
    boolean first = true;
    for (Map.Entry<String, JsonNode> e : entries) {
      if (!(first && continueLine)) put(" ".repeat(indent));
      first = false;
      string(e.getKey(), indent + 2, true);
      put(":");
      JsonNode v = e.getValue();
      if (v.isObject() && !v.isEmpty()) {
        newline();
        mapping(v, indent + 2, false);
      } else if (v.isArray() && !v.isEmpty()) {
        newline();
        sequence(v, indent, false); // yaml.v2 does not indent a sequence under its key
      } else {
        put(" ");
        value(v, indent + 2, false);
        newline();
      }
    }
  }

  private void sequence(JsonNode seq, int indent, boolean continueLine) {
    boolean first = true;
    for (JsonNode item : seq) {
      if (!(first && continueLine)) put(" ".repeat(indent));
      first = false;
      put("- ");
      if (item.isObject() && !item.isEmpty()) {
        mapping(item, indent + 2, true);
      } else if (item.isArray() && !item.isEmpty()) {
        sequence(item, indent + 2, true);
      } else {
        value(item, indent + 2, false);
        newline();
      }
    }
  }

  /** A scalar (or an empty collection) at the current position; continuation lines at {@code indent}. */
  private void value(JsonNode n, int indent, boolean simpleKey) {
    if (n.isObject()) {
      put("{}");
    } else if (n.isArray()) {
      put("[]");
    } else if (GoValues.absent(n)) {
      put("null");
    } else if (n.isTextual()) {
      string(n.asText(), indent, simpleKey);
    } else if (n.isFloatingPointNumber()) {
      // JSON text first (as Go wrote it); yaml.v2 reads integral text back as an int
      String json = GoValues.formatJson(n.doubleValue());
      put(json.matches("-?[0-9]+") ? json : GoValues.formatG(n.doubleValue()));
    } else {
      put(n.asText());
    }
  }

  private void string(String s, int indent, boolean simpleKey) {
    Style style = s.contains("\n") ? Style.LITERAL : plainReadsAsString(s) ? Style.PLAIN : Style.DOUBLE;
    Analysis a = new Analysis(s);
    if (style == Style.PLAIN && (!a.blockPlainAllowed || (s.isEmpty() && simpleKey))) style = Style.SINGLE;
    if (style == Style.SINGLE && !a.singleQuotedAllowed) style = Style.DOUBLE;
    if (style == Style.LITERAL && (!a.blockAllowed || simpleKey)) style = Style.DOUBLE;
    boolean breaks = !simpleKey;
    switch (style) {
      case PLAIN -> plain(s, indent, breaks);
      case SINGLE -> singleQuoted(s, indent, breaks);
      case DOUBLE -> doubleQuoted(s, indent, breaks);
      case LITERAL -> literal(s, indent);
    }
  }

  private void plain(String s, int indent, boolean allowBreaks) {
    boolean spaces = false;
    int[] cps = s.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
          indent(indent);
        } else {
          put(" ");
        }
        spaces = true;
      } else {
        putCodePoint(cps[i]);
        spaces = false;
      }
    }
  }

  private void singleQuoted(String s, int indent, boolean allowBreaks) {
    put("'");
    boolean spaces = false;
    int[] cps = s.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      if (cps[i] == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != cps.length - 1
            && !(i + 1 < cps.length && cps[i + 1] == ' ')) {
          indent(indent);
        } else {
          put(" ");
        }
        spaces = true;
      } else {
        if (cps[i] == '\'') put("'");
        putCodePoint(cps[i]);
        spaces = false;
      }
    }
    put("'");
  }

  private void doubleQuoted(String s, int indent, boolean allowBreaks) {
    put("\"");
    boolean spaces = false;
    int[] cps = s.codePoints().toArray();
    for (int i = 0; i < cps.length; i++) {
      int c = cps[i];
      if (!printable(c) || c == 0xFEFF || isBreak(c) || c == '"' || c == '\\') {
        put(escape(c));
        spaces = false;
      } else if (c == ' ') {
        if (allowBreaks && !spaces && column > BEST_WIDTH && i != 0 && i != cps.length - 1) {
          indent(indent);
          if (i + 1 < cps.length && cps[i + 1] == ' ') put("\\");
        } else {
          put(" ");
        }
        spaces = true;
      } else {
        putCodePoint(c);
        spaces = false;
      }
    }
    put("\"");
  }

  private void literal(String s, int indent) {
    put("|");
    if (s.startsWith(" ") || isBreak(s.codePointAt(0))) put("2");
    boolean endsWithBreak = s.endsWith("\n");
    if (!endsWithBreak) {
      put("-");
    } else if (s.length() == 1 || s.charAt(s.length() - 2) == '\n') {
      put("+");
    }
    String body = endsWithBreak ? s.substring(0, s.length() - 1) : s;
    for (String line : body.split("\n", -1)) {
      newline();
      if (!line.isEmpty()) put(" ".repeat(indent) + line);
    }
  }

  private static String escape(int c) {
    return switch (c) {
      case 0 -> "\\0";
      case 0x07 -> "\\a";
      case 0x08 -> "\\b";
      case 0x09 -> "\\t";
      case 0x0A -> "\\n";
      case 0x0B -> "\\v";
      case 0x0C -> "\\f";
      case 0x0D -> "\\r";
      case 0x1B -> "\\e";
      case '"' -> "\\\"";
      case '\\' -> "\\\\";
      case 0x85 -> "\\N";
      case 0xA0 -> "\\_";
      case 0x2028 -> "\\L";
      case 0x2029 -> "\\P";
      default -> c <= 0xFF ? String.format("\\x%02X", c) : c <= 0xFFFF ? String.format("\\u%04X", c) : String.format("\\U%08X", c);
    };
  }

  /** yaml.v2 {@code resolve}: would this text, written plain, read back as a string? */
  static boolean plainReadsAsString(String s) {
    if (NON_STRINGS.contains(s)) return false;
    char first = s.charAt(0);
    if (first == '.') return !DOT_FLOAT.matcher(s).matches();
    if (first == '+' || first == '-' || (first >= '0' && first <= '9')) {
      if (TIMESTAMP.matcher(s).matches()) return false;
      String plain = s.replace("_", "");
      if (INT.matcher(plain).matches() || FLOAT.matcher(plain).matches()) return false;
    }
    return !BASE60_FLOAT.matcher(s).matches();
  }

  /** yaml.v2's map key order: letters after non-letters, digit runs compared by value. */
  static int compareKeys(String a, String b) {
    int[] ar = a.codePoints().toArray();
    int[] br = b.codePoints().toArray();
    for (int i = 0; i < ar.length && i < br.length; i++) {
      if (ar[i] == br[i]) continue;
      boolean al = Character.isLetter(ar[i]);
      boolean bl = Character.isLetter(br[i]);
      if (al && bl) return Integer.compare(ar[i], br[i]);
      if (al || bl) return bl ? -1 : 1;
      long an = 0;
      long bn = 0;
      if (ar[i] == '0' || br[i] == '0') {
        for (int j = i - 1; j >= 0 && Character.isDigit(ar[j]); j--) {
          if (ar[j] != '0') {
            an = 1;
            bn = 1;
            break;
          }
        }
      }
      int ai = i;
      int bi = i;
      for (; ai < ar.length && Character.isDigit(ar[ai]); ai++) an = an * 10 + (ar[ai] - '0');
      for (; bi < br.length && Character.isDigit(br[bi]); bi++) bn = bn * 10 + (br[bi] - '0');
      if (an != bn) return Long.compare(an, bn);
      if (ai != bi) return Integer.compare(ai, bi);
      return Integer.compare(ar[i], br[i]);
    }
    return Integer.compare(ar.length, br.length);
  }

  private void indent(int indent) {
    newline();
    put(" ".repeat(indent));
  }

  private void newline() {
    out.append('\n');
    column = 0;
  }

  private void put(String s) {
    out.append(s);
    column += s.codePointCount(0, s.length());
  }

  private void putCodePoint(int c) {
    out.appendCodePoint(c);
    column++;
  }

  static boolean printable(int c) {
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || c == 0x85 || (c >= 0xA0 && c <= 0xD7FF)
        || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF) || (c >= 0x10000 && c <= 0x10FFFF);
  }

  static boolean isBreak(int c) {
    return c == '\r' || c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
  }

  /** libyaml's {@code yaml_emitter_analyze_scalar}: which styles can carry this text. */
  private static final class Analysis {
    boolean blockPlainAllowed = true;
    boolean singleQuotedAllowed = true;
    boolean blockAllowed = true;

    Analysis(String s) {
      if (s.isEmpty()) {
        blockAllowed = false;
        return;
      }
      int[] v = s.codePoints().toArray();
      // flow indicators only matter inside flow collections, which calicoctl never writes
      boolean blockIndicators = false;
      boolean leadingSpace = false;
      boolean leadingBreak = false;
      boolean trailingSpace = false;
      boolean trailingBreak = false;
      boolean breakSpace = false;
      boolean spaceBreak = false;
      boolean specialCharacters = false;
      boolean lineBreaks = false;
      boolean previousSpace = false;
      boolean previousBreak = false;
      if (s.startsWith("---") || s.startsWith("...")) blockIndicators = true;
      boolean precededByWhitespace = true;
      boolean followedByWhitespace = blankz(v, 1);
      for (int i = 0; i < v.length; i++) {
        int c = v[i];
        if (i == 0) {
          switch (c) {
            case '#', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`' -> blockIndicators = true;
            case '?', ':', '-' -> blockIndicators |= followedByWhitespace;
            default -> { }
          }
        } else {
          if (c == ':') blockIndicators |= followedByWhitespace;
          if (c == '#') blockIndicators |= precededByWhitespace;
        }
        if (!printable(c) || c == 0xFEFF) specialCharacters = true;
        if (c == ' ') {
          if (i == 0) leadingSpace = true;
          if (i == v.length - 1) trailingSpace = true;
          if (previousBreak) breakSpace = true;
          previousSpace = true;
          previousBreak = false;
        } else if (isBreak(c)) {
          lineBreaks = true;
          if (i == 0) leadingBreak = true;
          if (i == v.length - 1) trailingBreak = true;
          if (previousSpace) spaceBreak = true;
          previousBreak = true;
          previousSpace = false;
        } else {
          previousSpace = false;
          previousBreak = false;
        }
        precededByWhitespace = blankz(v, i);
        followedByWhitespace = blankz(v, i + 2);
      }
      if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
      if (trailingSpace) blockAllowed = false;
      if (breakSpace) {
        blockPlainAllowed = false;
        singleQuotedAllowed = false;
      }
      if (spaceBreak || specialCharacters) {
        blockPlainAllowed = false;
        singleQuotedAllowed = false;
        blockAllowed = false;
      }
      if (lineBreaks || blockIndicators) blockPlainAllowed = false;
    }

    private static boolean blankz(int[] v, int i) {
      return i >= v.length || v[i] == ' ' || v[i] == '\t' || isBreak(v[i]) || v[i] == 0;
    }
  }
}
