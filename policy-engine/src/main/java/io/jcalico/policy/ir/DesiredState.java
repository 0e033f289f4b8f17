package io.jcalico.policy.ir;

/**
 * What the node wants in the kernel, per IP family: the filter table (policy) and the nat table
 * (masquerading of outgoing pod traffic, from the IP pools). A null nat table means the nat table
 * is not managed: it is left as it is.
 */
public record DesiredState(Dataplane v4, Dataplane v6, Dataplane natV4, Dataplane natV6) {

  /** Policy only; the nat table is left alone. */
  public DesiredState(Dataplane v4, Dataplane v6) {
    this(v4, v6, null, null);
  }

  public Dataplane family(int ipVersion) {
    return ipVersion == 4 ? v4 : v6;
  }

  /** The nat table of the family, or null when it is not managed. */
  public Dataplane nat(int ipVersion) {
    return ipVersion == 4 ? natV4 : natV6;
  }

  public DesiredState withNat(Dataplane natV4, Dataplane natV6) {
    return new DesiredState(v4, v6, natV4, natV6);
  }
}
