package io.jcalico.policy.ir;

import inet.ipaddr.IPAddress;
import io.jcalico.policy.model.PortRange;
import java.util.List;

/**
 * One packet test of a rule; a rule matches when all its tests do. Renderers print each in their
 * own syntax; the compiler keeps the order they need (a protocol before ports or ICMP fields).
 */
public sealed interface Match {

  /** Incoming interface; a trailing {@code +} is a prefix wildcard, as in iptables. */
  record InInterface(String name) implements Match {}

  record OutInterface(String name) implements Match {}

  /** IP protocol number (the L4 protocol, for IPv6 too). */
  record Protocol(int number, boolean negate) implements Match {}

  record Cidr(Dir dir, IPAddress prefix, boolean negate) implements Match {}

  /** Address in (or not in) an address or network set. */
  record InSet(Dir dir, String setId, boolean negate) implements Match {}

  /** (address, protocol, port) of that side in a set of endpoint named ports. */
  record InPortSet(Dir dir, String setId, boolean negate) implements Match {}

  /**
   * Port of that side in one of the ranges (negated: in none of them). {@code protocol} is the
   * rule's, which a Protocol match earlier in the rule already tests.
   */
  record Ports(Dir dir, int protocol, List<PortRange> ranges, boolean negate) implements Match {
    public Ports {
      ranges = List.copyOf(ranges);
    }
  }

  /** ICMP (or ICMPv6) type and optional code; negated: not that type/code pair. */
  record Icmp(boolean v6, int type, Integer code, boolean negate) implements Match {}

  /** All of {@code bits} set in the packet mark (or, with {@code set} false, all clear). */
  record Mark(int bits, boolean set) implements Match {}

  /** Connection-tracking state. */
  record Conntrack(State state) implements Match {
    public enum State { ESTABLISHED_OR_RELATED, INVALID }
  }
}
