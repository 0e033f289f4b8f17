package io.jcalico.lab.topology;

import java.util.OptionalInt;

/** A point-to-point link: a veth pair whose ends carry the interface names the topology gives. */
public record Link(Endpoint a, Endpoint b, OptionalInt mtu) {
  @Override
  public String toString() {
    return a + " <-> " + b;
  }
}
