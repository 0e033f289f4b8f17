package io.jcalico.policy.ir;

import io.jcalico.policy.hash.Names;
import io.jcalico.policy.model.Direction;
import io.jcalico.policy.model.PolicyId;

/** Felix's chain names. */
public final class ChainNames {

  public static final String FORWARD = "cali-FORWARD";
  public static final String INPUT = "cali-INPUT";
  public static final String WL_TO_HOST = "cali-wl-to-host";
  public static final String FROM_WL_DISPATCH = "cali-from-wl-dispatch";
  public static final String TO_WL_DISPATCH = "cali-to-wl-dispatch";
  /** nat table: our POSTROUTING, and in it the masquerade of pods' traffic leaving the pools. */
  public static final String POSTROUTING = "cali-POSTROUTING";
  public static final String NAT_OUTGOING = "cali-nat-outgoing";

  private ChainNames() {}

  /** Ingress policy: {@code cali-pi-<tier/ns/name>}; egress {@code cali-po-}. */
  public static String policy(PolicyId id, Direction d) {
    return Names.chain(d == Direction.INGRESS ? "cali-pi-" : "cali-po-", id.key());
  }

  public static String profile(String name, Direction d) {
    return Names.chain(d == Direction.INGRESS ? "cali-pri-" : "cali-pro-", name);
  }

  /** Traffic to the workload ({@code cali-tw-}) is its ingress; from it ({@code cali-fw-}) its egress. */
  public static String endpoint(String interfaceName, Direction d) {
    return Names.chain(d == Direction.INGRESS ? "cali-tw-" : "cali-fw-", interfaceName);
  }
}
