package io.jcalico.policy.model;

/**
 * One rule of a policy or profile. {@code protocol}/{@code notProtocol} are IANA numbers (null:
 * any); {@code ipVersion} 4 or 6 restricts the rule to one family (null: both).
 */
public record PolicyRule(
    Action action,
    Integer ipVersion,
    Integer protocol,
    Integer notProtocol,
    Icmp icmp,
    Icmp notIcmp,
    EntityMatch source,
    EntityMatch destination) {

  public PolicyRule {
    if (action == null) {
      throw new IllegalArgumentException("a rule needs an action");
    }
    source = source == null ? EntityMatch.ANY : source;
    destination = destination == null ? EntityMatch.ANY : destination;
  }

  public static PolicyRule of(Action action) {
    return new PolicyRule(action, null, null, null, null, null, null, null);
  }

  public PolicyRule withIpVersion(Integer v) {
    return new PolicyRule(action, v, protocol, notProtocol, icmp, notIcmp, source, destination);
  }

  public PolicyRule withProtocol(Integer p) {
    return new PolicyRule(action, ipVersion, p, notProtocol, icmp, notIcmp, source, destination);
  }

  public PolicyRule withNotProtocol(Integer p) {
    return new PolicyRule(action, ipVersion, protocol, p, icmp, notIcmp, source, destination);
  }

  public PolicyRule withIcmp(Icmp i) {
    return new PolicyRule(action, ipVersion, protocol, notProtocol, i, notIcmp, source, destination);
  }

  public PolicyRule withNotIcmp(Icmp i) {
    return new PolicyRule(action, ipVersion, protocol, notProtocol, icmp, i, source, destination);
  }

  public PolicyRule withSource(EntityMatch s) {
    return new PolicyRule(action, ipVersion, protocol, notProtocol, icmp, notIcmp, s, destination);
  }

  public PolicyRule withDestination(EntityMatch d) {
    return new PolicyRule(action, ipVersion, protocol, notProtocol, icmp, notIcmp, source, d);
  }
}
