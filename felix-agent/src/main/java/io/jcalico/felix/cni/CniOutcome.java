package io.jcalico.felix.cni;

import java.nio.charset.StandardCharsets;

/** What the executable prints and how it exits. */
public record CniOutcome(int exitCode, byte[] stdout, byte[] stderr) {
  private static final byte[] NONE = new byte[0];

  public CniOutcome {
    stdout = stdout.clone();
    stderr = stderr.clone();
  }

  public static CniOutcome success(String stdout) {
    return new CniOutcome(0, stdout.getBytes(StandardCharsets.UTF_8), NONE);
  }

  /** Every CNI error exits 1, as the reference plugins do; the code is in the JSON. */
  public static CniOutcome failure(String errorJson) {
    return new CniOutcome(1, errorJson.getBytes(StandardCharsets.UTF_8), NONE);
  }

  @Override
  public byte[] stdout() {
    return stdout.clone();
  }

  @Override
  public byte[] stderr() {
    return stderr.clone();
  }

  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }
}
