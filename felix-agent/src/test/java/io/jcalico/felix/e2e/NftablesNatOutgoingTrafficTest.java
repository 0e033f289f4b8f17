package io.jcalico.felix.e2e;

/** {@link NatOutgoingTrafficTest} with calico-node on the nftables backend. */
class NftablesNatOutgoingTrafficTest extends NatOutgoingTrafficTest {
  @Override
  String backend() {
    return "nftables";
  }
}
