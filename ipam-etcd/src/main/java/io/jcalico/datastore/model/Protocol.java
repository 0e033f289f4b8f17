package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Map;
import java.util.OptionalInt;

/**
 * An IP protocol as Calico's {@code numorstring.Protocol}: a name or a number, kept in the form
 * it was written (Calico stores {@code 6} as 6 and {@code "TCP"} as "TCP"). Whether it is a
 * protocol Calico accepts is the validator's question ({@link #isValid()}).
 */
public record Protocol(Integer number, String name) {

  public static final Protocol TCP = named("TCP");
  public static final Protocol UDP = named("UDP");
  public static final Protocol ICMP = named("ICMP");
  public static final Protocol ICMPV6 = named("ICMPv6");
  public static final Protocol SCTP = named("SCTP");
  public static final Protocol UDPLITE = named("UDPLite");

  /** The names Calico's v3 API accepts (case-sensitive), with their IANA numbers. */
  public static final Map<String, Integer> NAMES = Map.of(
      "TCP", 6, "UDP", 17, "ICMP", 1, "ICMPv6", 58, "SCTP", 132, "UDPLite", 136);

  public Protocol {
    if ((number == null) == (name == null)) throw new IllegalArgumentException("a protocol is a number or a name");
    if (number != null && (number < 0 || number > 255)) throw new IllegalArgumentException("protocol number out of range");
  }

  public static Protocol of(int number) {
    return new Protocol(number, null);
  }

  public static Protocol named(String name) {
    return new Protocol(null, name);
  }

  /** The protocol number: the number itself, a known name's number, or a numeric string. */
  public OptionalInt numeric() {
    if (number != null) return OptionalInt.of(number);
    Integer known = NAMES.get(name);
    if (known != null) return OptionalInt.of(known);
    if (!name.isEmpty() && name.length() <= 3 && name.chars().allMatch(Character::isDigit)) {
      int n = Integer.parseInt(name);
      return n <= 255 ? OptionalInt.of(n) : OptionalInt.empty();
    }
    return OptionalInt.empty();
  }

  /** Calico's rule: a number 1-255 or one of {@link #NAMES}. */
  public boolean isValid() {
    OptionalInt n = numeric();
    return n.isPresent() && n.getAsInt() != 0;
  }

  /** TCP, UDP and SCTP carry ports; rules with ports need one of them. */
  public boolean supportsPorts() {
    OptionalInt n = numeric();
    return n.isPresent() && (n.getAsInt() == 6 || n.getAsInt() == 17 || n.getAsInt() == 132);
  }

  public boolean isIcmp() {
    return numeric().orElse(-1) == 1;
  }

  public boolean isIcmpV6() {
    return numeric().orElse(-1) == 58;
  }

  @Override
  public String toString() {
    return number != null ? number.toString() : name;
  }

  /** The form it was written in: a number or a name. */
  @JsonValue
  Object json() {
    return number != null ? number : name;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  static Protocol fromJson(Object v) {
    if (v instanceof String s) return named(s);
    if (v instanceof Integer i && i >= 0 && i <= 255) return of(i);
    throw new IllegalArgumentException(JsonValues.describe(v) + " is not a protocol (a name such as TCP, or a number 1-255)");
  }
}
