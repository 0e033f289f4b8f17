package io.jcalico.felix.dataplane;

import io.jcalico.felix.dataplane.PolicyDataplaneConfig.Backend;

/** {@link PolicyTrafficTest} on the nftables backend (one nft -f per change). */
class NftablesPolicyTrafficTest extends PolicyTrafficTest {
  @Override
  Backend backend() {
    return Backend.NFTABLES;
  }
}
