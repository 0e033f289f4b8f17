package io.jcalico.policy.ir;

/** Which address (and port) of the packet a match looks at. */
public enum Dir {
  SRC,
  DST
}
