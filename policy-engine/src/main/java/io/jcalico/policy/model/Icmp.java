package io.jcalico.policy.model;

/** An ICMP (or ICMPv6) type and, optionally, code. */
public record Icmp(int type, Integer code) {
  public Icmp {
    if (type < 0 || type > 255 || (code != null && (code < 0 || code > 255))) {
      throw new IllegalArgumentException("invalid ICMP type/code " + type + "/" + code);
    }
  }
}
