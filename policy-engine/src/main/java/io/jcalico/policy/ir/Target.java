package io.jcalico.policy.ir;

/** What a rule does when it matches. */
public sealed interface Target {

  record Accept() implements Target {}

  record Drop() implements Target {}

  /** Back to the calling chain. */
  record Return() implements Target {}

  /** Call a chain; come back when it returns. */
  record Jump(String chain) implements Target {}

  /** Continue in a chain and do not come back here. */
  record Goto(String chain) implements Target {}

  record SetMark(int bits) implements Target {}

  record ClearMark(int bits) implements Target {}

  /** Log the packet and continue. */
  record Log(String prefix) implements Target {}

  /**
   * Source-NAT to the outgoing interface's address (nat table, postrouting only);
   * {@code randomFully} picks source ports at random, as Felix does where the kernel supports it.
   */
  record Masquerade(boolean randomFully) implements Target {}

  Target ACCEPT = new Accept();
  Target DROP = new Drop();
  Target RETURN = new Return();
}
