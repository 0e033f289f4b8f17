package io.jcalico.policy.model;

/** An inclusive port range; a single port has {@code min == max}. */
public record PortRange(int min, int max) {

  public PortRange {
    if (min < 0 || max > 65535 || min > max) {
      throw new IllegalArgumentException("invalid port range " + min + ":" + max);
    }
  }

  public static PortRange of(int port) {
    return new PortRange(port, port);
  }

  public boolean isSingle() {
    return min == max;
  }

  /** Entries it takes in an iptables multiport match (which holds 15): a range takes two. */
  public int multiportSlots() {
    return isSingle() ? 1 : 2;
  }

  @Override
  public String toString() {
    return isSingle() ? Integer.toString(min) : min + ":" + max;
  }
}
