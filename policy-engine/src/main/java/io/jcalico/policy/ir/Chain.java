package io.jcalico.policy.ir;

import io.jcalico.policy.hash.RuleHashes;
import java.util.List;

/** A named list of rules, with the Felix-style hash of each rule. */
public record Chain(String name, List<Rule> rules, List<String> ruleHashes) {

  public Chain {
    rules = List.copyOf(rules);
    ruleHashes = List.copyOf(ruleHashes);
    if (rules.size() != ruleHashes.size()) {
      throw new IllegalArgumentException("one hash per rule");
    }
  }

  public static Chain of(String name, List<Rule> rules) {
    return new Chain(name, rules, RuleHashes.of(name, rules.stream().map(Rule::canonicalText).toList()));
  }
}
