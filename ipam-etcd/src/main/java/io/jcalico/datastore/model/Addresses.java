package io.jcalico.datastore.model;

import inet.ipaddr.AddressStringParameters.RangeParameters;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.IPAddressStringParameters;
import java.util.Optional;

/**
 * Addresses and prefixes as Calico (Go's {@code net.ParseIP} / {@code net.ParseCIDR}) accepts
 * them: dotted-quad IPv4 without leading zeros, standard IPv6 without zones, {@code /len}
 * prefixes; no masks, wildcards, ranges or inet_aton shorthands.
 */
public final class Addresses {

  private static final IPAddressStringParameters STRICT;

  static {
    IPAddressStringParameters.Builder b = new IPAddressStringParameters.Builder()
        .allowEmpty(false)
        .allowAll(false)
        .allowSingleSegment(false)
        .allowMask(false)
        .allowPrefixOnly(false)
        .allowWildcardedSeparator(false)
        .setRangeOptions(RangeParameters.NO_RANGE)
        .allow_inet_aton(false);
    b.getIPv4AddressParametersBuilder().allowLeadingZeros(false)
        .allowBinary(false).allowPrefixesBeyondAddressSize(false).allowWildcardedSeparator(false);
    b.getIPv6AddressParametersBuilder().allowZone(false).allowBinary(false)
        .allowPrefixesBeyondAddressSize(false)
        .allowWildcardedSeparator(false).allowMixed(true);
    STRICT = b.toParams();
  }

  private Addresses() {}

  /** A plain address, no prefix. */
  public static Optional<IPAddress> address(String s) {
    IPAddressString str = parse(s);
    return str == null || str.isPrefixed() ? Optional.empty() : Optional.ofNullable(str.getAddress());
  }

  /**
   * A prefix {@code addr/len} as written, host bits kept. With {@code allowPlain} a bare address
   * counts as a full-length prefix (Calico's {@code ParseCIDROrIP}).
   */
  public static Optional<Prefix> prefix(String s, boolean allowPlain) {
    IPAddressString str = parse(s);
    if (str == null || (!allowPlain && !str.isPrefixed())) return Optional.empty();
    IPAddress host = str.getHostAddress();
    if (host == null) return Optional.empty();
    return Optional.of(new Prefix(host, str.isPrefixed() ? str.getNetworkPrefixLength() : host.getBitCount()));
  }

  /** An address and a prefix length, such as a node's {@code 10.0.0.5/24}. */
  public record Prefix(IPAddress host, int length) {

    public boolean isIPv4() {
      return host.isIPv4();
    }

    /** The network as a prefix block ({@code 10.0.0.5/24} -> {@code 10.0.0.0/24}). */
    public IPAddress network() {
      return host.toPrefixBlock(length);
    }

    /** True when no host bits are set below the prefix length. */
    public boolean isStrictlyMasked() {
      return host.equals(network().getLower().withoutPrefixLength());
    }

    /** Canonical text of the network, as Go's {@code IPNet.String()} prints it. */
    public String canonicalNetwork() {
      return network().toCanonicalString();
    }

    public boolean overlaps(Prefix other) {
      IPAddress a = network();
      IPAddress b = other.network();
      return a.getIPVersion() == b.getIPVersion() && (a.contains(b) || b.contains(a));
    }

    /** True when {@code other}'s network lies inside this one. */
    public boolean contains(Prefix other) {
      return host.getIPVersion() == other.host.getIPVersion() && network().contains(other.network());
    }

    public boolean contains(IPAddress address) {
      return host.getIPVersion() == address.getIPVersion() && network().contains(address);
    }

    @Override
    public String toString() {
      return host.toCanonicalString() + "/" + length;
    }
  }

  private static IPAddressString parse(String s) {
    if (s == null || s.isEmpty() || !s.strip().equals(s)) return null;
    IPAddressString str = new IPAddressString(s, STRICT);
    return str.isValid() && str.isIPAddress() ? str : null;
  }
}
