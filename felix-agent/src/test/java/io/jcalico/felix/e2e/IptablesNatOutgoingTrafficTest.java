package io.jcalico.felix.e2e;

/** {@link NatOutgoingTrafficTest} with calico-node on the iptables backend. */
class IptablesNatOutgoingTrafficTest extends NatOutgoingTrafficTest {
  @Override
  String backend() {
    return "iptables";
  }
}
