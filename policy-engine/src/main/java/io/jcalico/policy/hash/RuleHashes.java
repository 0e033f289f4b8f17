package io.jcalico.policy.hash;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Felix's rule IDs: each rule's hash chains in the hash before it, starting from the chain's
 * name, so a rule's hash changes whenever it, its position or anything above it changes. A
 * driver that reads back only the hashes can then find the first rule that differs and rewrite
 * from there. 16 characters of base64 SHA-224 (96 bits).
 */
public final class RuleHashes {

  public static final int LENGTH = 16;

  private RuleHashes() {}

  /** One hash per rule, for rules given as their canonical texts. */
  public static List<String> of(String chainName, List<String> ruleTexts) {
    MessageDigest sha = Hashing.digest("SHA-224");
    byte[] previous = sha.digest(Hashing.utf8(chainName));
    List<String> hashes = new ArrayList<>(ruleTexts.size());
    for (String text : ruleTexts) {
      sha.update(previous);
      sha.update(Hashing.utf8(text));
      previous = sha.digest();
      hashes.add(Hashing.b64(previous).substring(0, LENGTH));
    }
    return hashes;
  }
}
