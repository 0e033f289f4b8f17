package io.jcalico.felix.dataplane;

import io.jcalico.felix.dataplane.PolicyDataplaneConfig.Backend;

/** {@link PolicyTrafficTest} on the iptables backend (iptables-restore and ipset). */
class IptablesPolicyTrafficTest extends PolicyTrafficTest {
  @Override
  Backend backend() {
    return Backend.IPTABLES;
  }
}
