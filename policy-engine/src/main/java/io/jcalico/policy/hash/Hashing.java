package io.jcalico.policy.hash;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** SHA-2 digests in the unpadded URL-safe base64 that Calico uses for every derived name. */
final class Hashing {

  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private Hashing() {}

  static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has " + algorithm, e);
    }
  }

  static String b64(byte[] bytes) {
    return B64.encodeToString(bytes);
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
