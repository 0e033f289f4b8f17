package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Optional;

/**
 * A BGP AS number, 2- or 4-byte (RFC 6793). Documents may write it as a number, a quoted number
 * or in dotted "asdot" notation ({@code "64512.1"} = 64512 × 65536 + 1); like Calico's
 * {@code numorstring.ASNumber} it is always written back as a plain number.
 */
public record AsNumber(long value) {

  public static final long MAX = 0xFFFF_FFFFL;
  /** RFC 6793 AS_TRANS, what a 2-byte speaker sees in place of a 4-byte AS. */
  public static final AsNumber AS_TRANS = new AsNumber(23456);

  public AsNumber {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException("AS number " + value + " is out of range 0-" + MAX);
    }
  }

  public static AsNumber of(long value) {
    return new AsNumber(value);
  }

  /**
   * Plain decimal (0-4294967295) or dotted {@code high.low} with both halves 0-65535; nothing
   * else (no sign, no spaces, no hex).
   */
  public static Optional<AsNumber> parse(String text) {
    if (text == null) return Optional.empty();
    int dot = text.indexOf('.');
    if (dot < 0) {
      return decimal(text, MAX).map(AsNumber::new);
    }
    Optional<Long> high = decimal(text.substring(0, dot), 0xFFFF);
    Optional<Long> low = decimal(text.substring(dot + 1), 0xFFFF);
    if (high.isEmpty() || low.isEmpty()) return Optional.empty();
    return Optional.of(new AsNumber((high.get() << 16) | low.get()));
  }

  private static Optional<Long> decimal(String s, long max) {
    if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return Optional.empty();
    }
    long v = Long.parseLong(s);
    return v <= max ? Optional.of(v) : Optional.empty();
  }

  /** True when the number does not fit the 2-byte AS field of a plain BGP OPEN. */
  public boolean isFourByte() {
    return value > 0xFFFF;
  }

  /** "asdot" form: plain for 2-byte numbers, {@code high.low} for 4-byte ones. */
  public String toDotted() {
    return isFourByte() ? (value >>> 16) + "." + (value & 0xFFFF) : Long.toString(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }

  /** Written as a JSON number, as Calico stores it (an int when it fits, as parsers read it back). */
  @JsonValue
  Object json() {
    return value <= Integer.MAX_VALUE ? (Object) (int) value : (Object) value;
  }

  /** A number, a quoted number or dotted text. */
  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static AsNumber fromJson(Object v) {
    String text = v instanceof String || v instanceof Integer || v instanceof Long ? v.toString() : null;
    Optional<AsNumber> parsed = parse(text);
    if (parsed.isPresent()) return parsed.get();
    throw new IllegalArgumentException(JsonValues.describe(v) + " is not a valid AS number (0-4294967295, or dotted"
        + " 0-65535.0-65535)" + (v instanceof Double ? "; write dotted notation as a quoted string" : ""));
  }
}
