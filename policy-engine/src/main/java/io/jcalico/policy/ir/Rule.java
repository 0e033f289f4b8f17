package io.jcalico.policy.ir;

import java.util.List;

/**
 * A dataplane rule: tests, a target, an optional comment for humans. {@link #canonicalText()}
 * is what rule hashes are computed over, so both backends share one hash per rule.
 */
public record Rule(List<Match> matches, Target target, String comment) {

  public Rule {
    matches = List.copyOf(matches);
    if (target == null) {
      throw new IllegalArgumentException("a rule needs a target");
    }
  }

  public static Rule of(Target target, Match... matches) {
    return new Rule(List.of(matches), target, null);
  }

  public Rule withComment(String c) {
    return new Rule(matches, target, c);
  }

  /** A stable text of everything that makes the rule what it is. */
  public String canonicalText() {
    StringBuilder sb = new StringBuilder();
    for (Match m : matches) {
      sb.append(m).append(' ');
    }
    sb.append("-> ").append(target);
    if (comment != null) {
      sb.append(" # ").append(comment);
    }
    return sb.toString();
  }
}
