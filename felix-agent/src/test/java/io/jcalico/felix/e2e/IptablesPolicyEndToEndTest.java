package io.jcalico.felix.e2e;

/** {@link PolicyEndToEndTest} with calico-node on the iptables backend. */
class IptablesPolicyEndToEndTest extends PolicyEndToEndTest {
  @Override
  String backend() {
    return "iptables";
  }
}
