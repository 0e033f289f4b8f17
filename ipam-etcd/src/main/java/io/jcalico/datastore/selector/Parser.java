package io.jcalico.datastore.selector;

import io.jcalico.datastore.selector.Tokenizer.Kind;
import io.jcalico.datastore.selector.Tokenizer.Token;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Recursive descent over Calico's grammar, lowest precedence first:
 *
 * <pre>
 * selector  := (empty) | or
 * or        := and ("||" and)*
 * and       := operation ("&amp;&amp;" operation)*
 * operation := "!"* ( has(key) | all() | global() | "(" or ")"
 *                   | key ("==" | "!=" | contains | starts with | ends with) string
 *                   | key ("in" | "not in") "{" [string ("," string)* [","]] "}" )
 * </pre>
 *
 * An empty (or blank) selector is {@code all()}. Leading {@code !}s cancel in pairs.
 */
final class Parser {

  private static final String EXPECT_OPERATION = "expected a label, '!', '(', has(), all() or global()";
  private static final String EXPECT_OPERATOR =
      "expected an operator (==, !=, in, not in, contains, starts with, ends with)";
  private static final String EXPECT_STRING = "expected a quoted string";

  private final Tokenizer lexer;
  private Token peeked;

  private Parser(String src) {
    this.lexer = new Tokenizer(src);
  }

  static Expr parse(String src) {
    Parser p = new Parser(src);
    if (p.peek().kind() == Kind.EOF) {
      return new Expr.All();
    }
    Expr e = p.or();
    Token t = p.next();
    if (t.kind() != Kind.EOF) {
      throw p.lexer.error(t, "expected '&&', '||' or the end of the selector");
    }
    return e;
  }

  private Expr or() {
    List<Expr> terms = new ArrayList<>();
    terms.add(and());
    while (peek().kind() == Kind.OR) {
      next();
      terms.add(and());
    }
    return Expr.or(terms);
  }

  private Expr and() {
    List<Expr> terms = new ArrayList<>();
    terms.add(operation());
    while (peek().kind() == Kind.AND) {
      next();
      terms.add(operation());
    }
    return Expr.and(terms);
  }

  private Expr operation() {
    boolean negated = false;
    while (peek().kind() == Kind.NOT) {
      next();
      negated = !negated;
    }
    Expr e = primary();
    return negated ? Expr.not(e) : e;
  }

  private Expr primary() {
    Token t = next();
    return switch (t.kind()) {
      case HAS -> new Expr.Has(t.value());
      case ALL -> new Expr.All();
      case GLOBAL -> new Expr.Global();
      case LPAREN -> {
        Expr inner = or();
        expect(Kind.RPAREN, "expected '&&', '||' or ')'");
        yield inner;
      }
      case LABEL -> labelOperation(t.value());
      default -> throw lexer.error(t, EXPECT_OPERATION);
    };
  }

  private Expr labelOperation(String key) {
    Token op = next();
    return switch (op.kind()) {
      case EQ -> new Expr.Compare(key, Expr.Op.EQ, string());
      case NE -> new Expr.Compare(key, Expr.Op.NE, string());
      case CONTAINS -> new Expr.Compare(key, Expr.Op.CONTAINS, string());
      case STARTS_WITH -> new Expr.Compare(key, Expr.Op.STARTS_WITH, string());
      case ENDS_WITH -> new Expr.Compare(key, Expr.Op.ENDS_WITH, string());
      case IN -> new Expr.InSet(key, false, setLiteral());
      case NOT_IN -> new Expr.InSet(key, true, setLiteral());
      default -> throw lexer.error(op, EXPECT_OPERATOR);
    };
  }

  private String string() {
    return expect(Kind.STRING, EXPECT_STRING).value();
  }

  /** "{" already expected; Calico allows an empty set and a trailing comma. */
  private Set<String> setLiteral() {
    expect(Kind.LBRACE, "expected '{'");
    Set<String> values = new LinkedHashSet<>();
    while (true) {
      Token t = next();
      if (t.kind() == Kind.RBRACE) {
        return values;
      }
      if (t.kind() != Kind.STRING) {
        throw lexer.error(t, "expected a quoted string or '}'");
      }
      values.add(t.value());
      Token sep = next();
      if (sep.kind() == Kind.RBRACE) {
        return values;
      }
      if (sep.kind() != Kind.COMMA) {
        throw lexer.error(sep, "expected ',' or '}'");
      }
    }
  }

  private Token expect(Kind kind, String expected) {
    Token t = next();
    if (t.kind() != kind) {
      throw lexer.error(t, expected);
    }
    return t;
  }

  private Token peek() {
    if (peeked == null) {
      peeked = lexer.next();
    }
    return peeked;
  }

  private Token next() {
    Token t = peek();
    peeked = null;
    return t;
  }
}
