package io.jcalico.felix.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.felix.calc.DesiredPeer;
import io.jcalico.felix.calc.DesiredPeer.NextHopMode;
import org.junit.jupiter.api.Test;

/** A BGPPeer's nextHopMode becomes the speaker neighbour's next hop self / keep (BIRD's two options). */
class NextHopModeReachesTheSpeakerTest {
  private static NeighborConfig neighbour(NextHopMode mode) {
    DesiredPeer p = new DesiredPeer(new IPAddressString("198.18.0.254").getAddress(), 179, 65000,
        DesiredPeer.PeerType.NODE_SPECIFIC, false, false, mode, null, "tor", DesiredPeer.SessionOptions.NONE);
    return NodeBgp.neighborConfig(p, null);
  }

  @Test
  void selfSetsNextHopSelfKeepSetsNextHopKeepAutoNeither() {
    assertThat(neighbour(NextHopMode.SELF)).extracting(NeighborConfig::nextHopSelf, NeighborConfig::nextHopKeep)
        .containsExactly(true, false);
    assertThat(neighbour(NextHopMode.KEEP)).extracting(NeighborConfig::nextHopSelf, NeighborConfig::nextHopKeep)
        .containsExactly(false, true);
    assertThat(neighbour(NextHopMode.AUTO)).extracting(NeighborConfig::nextHopSelf, NeighborConfig::nextHopKeep)
        .containsExactly(false, false);
  }
}
