package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A port in a policy rule, as Calico's {@code numorstring.Port}: a single port ({@code 80}), an
 * inclusive range ({@code "6040:6050"}) or a named port ({@code "http-port"}). Written back the
 * way Calico writes it: a number for a single port, a string for a range or a name.
 *
 * <p>Parsing accepts 0 (as Calico's parser does); the validator rejects it.
 */
public record Port(int min, int max, String name) {

  private static final Pattern DIGITS = Pattern.compile("\\d+");
  private static final Pattern RANGE = Pattern.compile("(\\d+):(\\d+)");
  private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_.-]{1,128}");

  public Port {
    if (name != null) {
      if (min != 0 || max != 0) throw new IllegalArgumentException("a named port has no numbers");
    } else if (min < 0 || max > 65535 || min > max) {
      throw new IllegalArgumentException("port range " + min + ":" + max + " is invalid");
    }
  }

  public static Port single(int port) {
    return new Port(port, port, null);
  }

  public static Port range(int min, int max) {
    return new Port(min, max, null);
  }

  public static Port named(String name) {
    return new Port(0, 0, name);
  }

  public boolean isNamed() {
    return name != null;
  }

  public boolean isRange() {
    return name == null && min != max;
  }

  /** The port from its text form, or the reason it is not one (Calico's wording where it has one). */
  public static Port parse(String s) {
    if (DIGITS.matcher(s).matches()) {
      return single(number(s, "invalid port format (" + s + ")"));
    }
    Matcher m = RANGE.matcher(s);
    if (m.matches()) {
      int lo = number(m.group(1), "invalid minimum port number in range (" + s + ")");
      int hi = number(m.group(2), "invalid maximum port number in range (" + s + ")");
      if (lo > hi) {
        throw new IllegalArgumentException("minimum port number (" + lo + ") is greater than maximum port number ("
            + hi + ") in port range");
      }
      return range(lo, hi);
    }
    if (!NAME.matcher(s).matches()) {
      throw new IllegalArgumentException("invalid name for named port (" + s + ")");
    }
    return named(s);
  }

  public static Optional<Port> tryParse(String s) {
    try {
      return Optional.of(parse(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static int number(String digits, String error) {
    if (digits.length() > 5 || Integer.parseInt(digits) > 65535) throw new IllegalArgumentException(error);
    return Integer.parseInt(digits);
  }

  @Override
  public String toString() {
    return name != null ? name : min == max ? Integer.toString(min) : min + ":" + max;
  }

  /** A number for a single port, text for a range or a name, as Calico writes ports. */
  @JsonValue
  Object json() {
    return name == null && min == max ? (Object) min : toString();
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Port fromJson(Object v) {
    if (v instanceof String || v instanceof Integer || v instanceof Long) return parse(v.toString());
    throw new IllegalArgumentException(JsonValues.describe(v) + " is not a port (a number, \"min:max\" or a port name)");
  }
}
