package io.jcalico.policy.hash;

import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Derived names for chains and IP sets, as Felix derives them. Chain names are capped at 28
 * characters ({@link #lengthLimited}); IP set names at 31 ({@code cali40}/{@code cali60} plus the
 * set ID, truncated, since IDs are already hashes).
 */
public final class Names {

  /** Longest chain name iptables accepts (Felix's MaxChainNameLength). */
  public static final int MAX_CHAIN_NAME = 28;
  /** Longest IP set name the kernel accepts. */
  public static final int MAX_IPSET_NAME = 31;

  private Names() {}

  /**
   * {@code prefix + suffix} when it fits in {@code maxLength}; otherwise {@code prefix + "_"} and
   * as much of the base64 SHA-256 of the suffix as fits. A suffix that fits exactly but starts
   * with {@code _} is hashed too, so a real name can never collide with a shortened one.
   */
  public static String lengthLimited(String prefix, String suffix, int maxLength) {
    if (suffix.isEmpty()) {
      suffix = "_";
    }
    int total = prefix.length() + suffix.length();
    if (total > maxLength || (total == maxLength && suffix.startsWith("_"))) {
      int room = maxLength - 1 - prefix.length();
      if (room <= 0) {
        throw new IllegalArgumentException("prefix " + prefix + " leaves no room in " + maxLength + " characters");
      }
      String hash = Hashing.b64(Hashing.digest("SHA-256").digest(Hashing.utf8(suffix)));
      return prefix + "_" + hash.substring(0, room);
    }
    return prefix + suffix;
  }

  public static String chain(String prefix, String suffix) {
    return lengthLimited(prefix, suffix, MAX_CHAIN_NAME);
  }

  /** The kernel name of an IP set: {@code cali40<id>} (or {@code cali60}), truncated to 31. */
  public static String mainIpSet(int ipVersion, String setId) {
    return truncate("cali" + ipVersion + "0" + setId);
  }

  /** The name the set is built under before it is swapped into place. */
  public static String tempIpSet(int ipVersion, String setId) {
    return truncate("cali" + ipVersion + "t" + setId);
  }

  private static String truncate(String s) {
    return s.length() > MAX_IPSET_NAME ? s.substring(0, MAX_IPSET_NAME) : s;
  }

  /**
   * An IP set ID: a one-letter kind, a colon and the base64 SHA-224 of the lines of
   * {@code parts} (as Calico's selector IDs: {@code s:...}).
   */
  public static String setId(char kind, Collection<String> parts) {
    String text = parts.stream().collect(Collectors.joining("\n"));
    return kind + ":" + Hashing.b64(Hashing.digest("SHA-224").digest(Hashing.utf8(text)));
  }
}
