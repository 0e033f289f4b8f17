package io.jcalico.datastore.selector;

/**
 * A selector that does not parse. The message names the selector, what the parser expected and
 * the 1-based character position where it looked, e.g.
 * {@code selector "role == " : expected a quoted string at position 9}.
 */
public final class SelectorParseException extends IllegalArgumentException {

  private final String selector;
  private final int position;
  private final String reason;

  SelectorParseException(String selector, int position, String reason) {
    super("selector \"" + selector + "\" : " + reason);
    this.selector = selector;
    this.position = position;
    this.reason = reason;
  }

  /** The text that failed to parse. */
  public String selector() {
    return selector;
  }

  /** 1-based character position of the problem; {@code selector().length() + 1} at end of input. */
  public int position() {
    return position;
  }

  /** The message without the selector prefix, e.g. {@code expected a quoted string at position 9}. */
  public String reason() {
    return reason;
  }
}
