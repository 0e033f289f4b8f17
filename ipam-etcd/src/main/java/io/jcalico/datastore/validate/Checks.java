package io.jcalico.datastore.validate;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.Addresses;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Collects problems; the small checks every kind's rules share. */
final class Checks {

  static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
  static final Pattern DNS_SUBDOMAIN = Pattern.compile(DNS_LABEL + "(\\." + DNS_LABEL + ")*");
  static final Pattern MAC = Pattern.compile(
      "[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(\\1[0-9A-Fa-f]{2}){4}((\\1[0-9A-Fa-f]{2}){2}((\\1[0-9A-Fa-f]{2}){12})?)?"
          + "|([0-9A-Fa-f]{4}\\.){2}[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4}(\\.[0-9A-Fa-f]{4}){6})?");
  static final Pattern INTERFACE = Pattern.compile("[a-zA-Z0-9_.-]{1,15}");

  private final List<Problem> problems = new ArrayList<>();

  List<Problem> problems() {
    return problems;
  }

  void add(String path, String message) {
    problems.add(new Problem(path, message));
  }

  static String q(Object value) {
    return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
  }

  static boolean present(String s) {
    return s != null && !s.isEmpty();
  }

  /** Reports an absent part that the rest of a check needs; true when it is absent. */
  boolean missing(String path, Object value) {
    if (value != null) return false;
    add(path, "is required");
    return true;
  }

  void required(String path, Object value) {
    if (value == null || (value instanceof String s && s.isEmpty())) add(path, "is required");
  }

  /** A value from a fixed set, matched case-sensitively as Calico does. */
  void oneOf(String path, String value, Collection<String> allowed) {
    if (value != null && !allowed.contains(value)) {
      add(path, q(value) + " is not valid: must be one of " + String.join(", ", allowed));
    }
  }

  void range(String path, Integer value, long min, long max, String what) {
    if (value != null) range(path, value.longValue(), min, max, what);
  }

  void range(String path, long value, long min, long max, String what) {
    if (value < min || value > max) add(path, value + " is out of range: " + what + " must be " + min + "-" + max);
  }

  /** Duplicates in a list that Calico treats as a set. */
  void unique(String path, List<String> values) {
    if (values == null) return;
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < values.size(); i++) {
      if (!seen.add(values.get(i))) add(path + "[" + i + "]", q(values.get(i)) + " is listed more than once");
    }
  }

  /** A resource name in DNS-1123 subdomain form (Calico's {@code name} rule). */
  void subdomain(String path, String value) {
    if (!present(value)) return;
    if (value.length() > 253) {
      add(path, q(value) + " is too long by " + (value.length() - 253) + " characters (at most 253)");
    } else if (!DNS_SUBDOMAIN.matcher(value).matches()) {
      add(path, q(value) + " is not a valid name: use lower case letters, digits, '-' and '.', starting and ending"
          + " with a letter or digit");
    }
  }

  void names(String path, List<String> values) {
    if (values == null) return;
    for (int i = 0; i < values.size(); i++) subdomain(path + "[" + i + "]", values.get(i));
  }

  Optional<IPAddress> ip(String path, String value) {
    if (value == null) return Optional.empty();
    Optional<IPAddress> a = Addresses.address(value);
    if (a.isEmpty()) add(path, q(value) + " is not a valid IP address");
    return a;
  }

  void ipv4(String path, String value) {
    ipOfVersion(path, value, true);
  }

  void ipv6(String path, String value) {
    ipOfVersion(path, value, false);
  }

  private void ipOfVersion(String path, String value, boolean v4) {
    if (!present(value)) return;
    Optional<IPAddress> a = Addresses.address(value);
    if (a.isEmpty() || a.get().isIPv4() != v4) {
      add(path, q(value) + " is not a valid " + (v4 ? "IPv4" : "IPv6") + " address");
    }
  }

  void ips(String path, List<String> values) {
    if (values == null) return;
    for (int i = 0; i < values.size(); i++) ip(path + "[" + i + "]", values.get(i));
  }

  /** A network ({@code net} in Calico): address or prefix, host bits clear. */
  Optional<Prefix> network(String path, String value) {
    if (value == null) return Optional.empty();
    Optional<Prefix> p = Addresses.prefix(value, true);
    if (p.isEmpty()) {
      add(path, q(value) + " is not a valid CIDR");
      return p;
    }
    if (!p.get().isStrictlyMasked()) {
      add(path, q(value) + " is not a network address: host bits are set (the network is "
          + p.get().canonicalNetwork() + ")");
      return Optional.empty();
    }
    return p;
  }

  /** Address or prefix, host bits allowed ({@code cidr} in Calico). */
  Optional<Prefix> cidr(String path, String value) {
    if (value == null) return Optional.empty();
    Optional<Prefix> p = Addresses.prefix(value, true);
    if (p.isEmpty()) add(path, q(value) + " is not a valid CIDR");
    return p;
  }

  void duration(String path, String value) {
    if (value != null && GoDuration.parse(value).isEmpty()) {
      add(path, q(value) + " is not a valid duration (such as 120s, 2m or 1h30m)");
    }
  }

  void mac(String path, String value) {
    if (present(value) && !MAC.matcher(value).matches()) add(path, q(value) + " is not a valid MAC address");
  }

  void interfaceName(String path, String value, boolean wildcard) {
    if (!present(value) || (wildcard && value.equals("*"))) return;
    if (!INTERFACE.matcher(value).matches()) {
      add(path, q(value) + " is not a valid interface name: 1-15 letters, digits, '_', '.' or '-'");
    }
  }
}
