package io.jcalico.policy.model;

/** What a matching rule does (Calico's v3 rule actions). */
public enum Action {
  /** Accept for this policy; later policies of the endpoint still run for the other direction. */
  ALLOW,
  DENY,
  /** Log and continue with the next rule. */
  LOG,
  /** Skip the rest of the policies; go on to the profiles. */
  PASS;

  public static Action parse(String v3) {
    return switch (v3) {
      case "Allow" -> ALLOW;
      case "Deny" -> DENY;
      case "Log" -> LOG;
      case "Pass" -> PASS;
      default -> throw new IllegalArgumentException("unknown rule action " + v3);
    };
  }
}
