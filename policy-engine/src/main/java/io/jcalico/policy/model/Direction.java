package io.jcalico.policy.model;

/** Policy direction, from the endpoint's point of view. */
public enum Direction {
  INGRESS,
  EGRESS
}
