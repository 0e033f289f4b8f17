package io.jcalico.policy.ir;

/** What policy wants in the kernel, per IP family. */
public record DesiredState(Dataplane v4, Dataplane v6) {

  public Dataplane family(int ipVersion) {
    return ipVersion == 4 ? v4 : v6;
  }
}
