package io.jcalico.felix.e2e;

/** {@link PolicyEndToEndTest} with calico-node on the nftables backend. */
class NftablesPolicyEndToEndTest extends PolicyEndToEndTest {
  @Override
  String backend() {
    return "nftables";
  }
}
