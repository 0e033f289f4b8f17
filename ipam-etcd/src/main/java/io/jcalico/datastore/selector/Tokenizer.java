package io.jcalico.datastore.selector;

/**
 * Splits a selector into tokens on demand, so that the first problem in reading order is the one
 * reported. Mirrors Calico's tokenizer: blanks are spaces and tabs; after a label the words
 * {@code contains}, {@code starts with}, {@code ends with}, {@code in} and {@code not in} are
 * operators (also written without the inner blank, as Calico accepts); {@code has(},
 * {@code all(} and {@code global(} must be written without a blank before the parenthesis.
 */
final class Tokenizer {

  enum Kind {
    LABEL, STRING, LBRACE, RBRACE, COMMA, EQ, NE, IN, NOT_IN, CONTAINS, STARTS_WITH, ENDS_WITH,
    NOT, HAS, ALL, GLOBAL, LPAREN, RPAREN, AND, OR, INVALID, EOF
  }

  /** A token: its kind, its value (label key, string contents, has() key) and its source span. */
  record Token(Kind kind, String value, int start, int end) {}

  private final String src;
  private int pos;
  private Kind last;

  Tokenizer(String src) {
    this.src = src;
  }

  String source() {
    return src;
  }

  Token next() {
    skipBlanks();
    int start = pos;
    if (pos >= src.length()) {
      return emit(Kind.EOF, null, start);
    }
    char c = src.charAt(pos);
    switch (c) {
      case '(':
        return single(Kind.LPAREN);
      case ')':
        return single(Kind.RPAREN);
      case '{':
        return single(Kind.LBRACE);
      case '}':
        return single(Kind.RBRACE);
      case ',':
        return single(Kind.COMMA);
      case '"':
      case '\'':
        return string(c);
      case '=':
        return pair('=', Kind.EQ, "'=='");
      case '&':
        return pair('&', Kind.AND, "'&&'");
      case '|':
        return pair('|', Kind.OR, "'||'");
      case '!':
        pos++;
        if (pos < src.length() && src.charAt(pos) == '=') {
          pos++;
          return emit(Kind.NE, null, start);
        }
        return emit(Kind.NOT, null, start);
      default:
        break;
    }
    if (last == Kind.LABEL) {
      return operatorWord(start);
    }
    if (src.startsWith("has(", pos)) {
      pos += 4;
      skipBlanks();
      int keyStart = pos;
      String key = word();
      if (key.isEmpty()) {
        throw error(keyStart, "expected a label key", foundHere());
      }
      closeParen();
      return emit(Kind.HAS, key, start);
    }
    if (src.startsWith("all(", pos)) {
      pos += 4;
      closeParen();
      return emit(Kind.ALL, null, start);
    }
    if (src.startsWith("global(", pos)) {
      pos += 7;
      closeParen();
      return emit(Kind.GLOBAL, null, start);
    }
    String key = word();
    if (!key.isEmpty()) {
      return emit(Kind.LABEL, key, start);
    }
    pos += Character.charCount(src.codePointAt(pos));
    return emit(Kind.INVALID, null, start);
  }

  /** After a label: one of the word operators, or an INVALID token spanning the word found. */
  private Token operatorWord(int start) {
    if (keyword("contains")) {
      return emit(Kind.CONTAINS, null, start);
    }
    if (keyword("starts")) {
      expectWith();
      return emit(Kind.STARTS_WITH, null, start);
    }
    if (keyword("ends")) {
      expectWith();
      return emit(Kind.ENDS_WITH, null, start);
    }
    if (keyword("not")) {
      skipBlanks();
      if (!keyword("in")) {
        throw error(pos, "expected 'in' after 'not'", foundHere());
      }
      return emit(Kind.NOT_IN, null, start);
    }
    if (keyword("in")) {
      return emit(Kind.IN, null, start);
    }
    if (word().isEmpty()) {
      pos += Character.charCount(src.codePointAt(pos));
    }
    return emit(Kind.INVALID, null, start);
  }

  private void expectWith() {
    skipBlanks();
    if (!keyword("with")) {
      throw error(pos, "expected 'with'", foundHere());
    }
  }

  private void closeParen() {
    skipBlanks();
    if (pos >= src.length() || src.charAt(pos) != ')') {
      throw error(pos, "expected ')'", foundHere());
    }
    pos++;
  }

  private Token string(char quote) {
    int start = pos;
    int close = src.indexOf(quote, pos + 1);
    if (close < 0) {
      throw error(start, "expected a closing " + quote + " for the string", null);
    }
    pos = close + 1;
    return emit(Kind.STRING, src.substring(start + 1, close), start);
  }

  private Token pair(char second, Kind kind, String expected) {
    int start = pos;
    if (pos + 1 < src.length() && src.charAt(pos + 1) == second) {
      pos += 2;
      return emit(kind, null, start);
    }
    throw error(start, "expected " + expected, quoteSource(start, start + 1));
  }

  private Token single(Kind kind) {
    pos++;
    return emit(kind, null, pos - 1);
  }

  private Token emit(Kind kind, String value, int start) {
    last = kind;
    return new Token(kind, value, start, pos);
  }

  private boolean keyword(String w) {
    if (src.startsWith(w, pos)) {
      pos += w.length();
      return true;
    }
    return false;
  }

  private String word() {
    int start = pos;
    while (pos < src.length() && Expr.Syntax.isKeyChar(src.charAt(pos))) {
      pos++;
    }
    return src.substring(start, pos);
  }

  private void skipBlanks() {
    while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
      pos++;
    }
  }

  /** The text at the current position, as named in errors; null at the end of input. */
  private String foundHere() {
    if (pos >= src.length()) {
      return null;
    }
    int end = pos;
    while (end < src.length() && Expr.Syntax.isKeyChar(src.charAt(end))) {
      end++;
    }
    if (end == pos) {
      end = pos + Character.charCount(src.codePointAt(pos));
    }
    return quoteSource(pos, end);
  }

  /** How a token is named in an error message. */
  String describe(Token t) {
    return switch (t.kind()) {
      case EOF -> "the end of the selector";
      case LABEL -> "label " + quoteSource(t.start(), t.end());
      case STRING -> "string " + src.substring(t.start(), t.end());
      default -> quoteSource(t.start(), t.end());
    };
  }

  private String quoteSource(int start, int end) {
    String text = src.substring(start, end);
    if (text.codePointCount(0, text.length()) == 1 && Character.isISOControl(text.codePointAt(0))) {
      return String.format("character U+%04X", text.codePointAt(0));
    }
    return "'" + text + "'";
  }

  /**
   * An error at a 0-based offset (reported 1-based): "expected X at position N, found Y", without
   * the found part at the end of input ({@code found} null).
   */
  SelectorParseException error(int offset, String expected, String found) {
    String reason = expected + " at position " + (offset + 1) + (found == null ? "" : ", found " + found);
    return new SelectorParseException(src, offset + 1, reason);
  }

  SelectorParseException error(Token at, String expected) {
    return error(at.start(), expected, at.kind() == Kind.EOF ? null : describe(at));
  }
}
