package io.jcalico.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.fsm.Negotiated;
import io.jcalico.bgp.fsm.SessionSettings;
import io.jcalico.bgp.rib.RibPeer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A neighbour's session options become the FSM's settings and the RIB's peer config. */
class NeighborSessionOptionsMappingTest {
    static final SpeakerConfig SPEAKER = SpeakerConfig.of("198.18.0.1", 65001, "127.0.0.1", 0).withTimers(60, 5, 120);
    static final NeighborConfig TOR = NeighborConfig.of("198.18.0.2", 179, 65002);

    @Test
    void keepaliveTimeProposesThreeTimesItAsHoldTimeAndSetsTheInterval() {
        SessionSettings s = ConfigMapping.session(SPEAKER, TOR.withKeepaliveTime(10));
        assertThat(s.holdTime()).isEqualTo(30);
        assertThat(s.keepaliveTime()).isEqualTo(10);
        // an explicit hold time wins; the interval stays at most a third of what is negotiated
        SessionSettings held = ConfigMapping.session(SPEAKER, TOR.withKeepaliveTime(20).withHoldTime(240));
        assertThat(held.holdTime()).isEqualTo(240);
        Negotiated n = Negotiated.of(Open.of(65001, 240, 1, List.of()), Open.of(65002, 30, 2, List.of()));
        assertThat(n.keepaliveTime(held.keepaliveTime())).isEqualTo(10);
        assertThat(Negotiated.of(Open.of(65001, 240, 1, List.of()), Open.of(65002, 240, 2, List.of()))
                .keepaliveTime(held.keepaliveTime())).isEqualTo(20);
    }

    @Test
    void withoutKeepaliveTimeTheSpeakersHoldTimeAndAThirdOfItApply() {
        SessionSettings s = ConfigMapping.session(SPEAKER, TOR);
        assertThat(s.holdTime()).isEqualTo(60);
        assertThat(s.keepaliveTime()).isZero();
        assertThat(Negotiated.of(Open.of(65001, 60, 1, List.of()), Open.of(65002, 90, 2, List.of()))
                .keepaliveTime(s.keepaliveTime())).isEqualTo(20);
    }

    @Test
    void localAsnIsOurAsInTheOpenAndTowardsTheRib() {
        NeighborConfig n = TOR.withLocalAsn(65010L).withAllowLocalAs(1);
        assertThat(ConfigMapping.session(SPEAKER, n).localAs()).isEqualTo(65010);
        RibPeer.Config rp = ConfigMapping.ribPeer(SPEAKER, n, Map.of());
        assertThat(rp.localAs()).isEqualTo(65010);
        assertThat(rp.allowLocalAs()).isEqualTo(1);
        assertThat(ConfigMapping.session(SPEAKER, TOR).localAs()).isEqualTo(65001);
    }

    @Test
    void nextHopSelfAndKeepReachTheRibAndReplaceEachOther() {
        assertThat(ConfigMapping.ribPeer(SPEAKER, TOR.withNextHopKeep(true), Map.of()).nextHopKeep()).isTrue();
        RibPeer.Config self = ConfigMapping.ribPeer(SPEAKER, TOR.withNextHopKeep(true).withNextHopSelf(true), Map.of());
        assertThat(self.nextHopSelf()).isTrue();
        assertThat(self.nextHopKeep()).isFalse();
        assertThat(ConfigMapping.ribPeer(SPEAKER, TOR, Map.of()).nextHopKeep()).isFalse();
        assertThatThrownBy(() -> new NeighborConfig("198.18.0.2", 179, 65002, null, null, null, null, true, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, true))
                .hasMessageContaining("nextHopKeep");
    }

    @Test
    void outOfRangeSessionOptionsAreRejected() {
        assertThatThrownBy(() -> TOR.withTtlSecurity(256)).hasMessageContaining("ttlSecurity");
        assertThatThrownBy(() -> TOR.withKeepaliveTime(0)).hasMessageContaining("keepaliveTime");
        assertThatThrownBy(() -> TOR.withAllowLocalAs(-1)).hasMessageContaining("allowLocalAs");
        assertThat(SocketSecurity.minTtl(1)).isEqualTo(255);
        assertThat(SocketSecurity.minTtl(3)).isEqualTo(253);
    }
}
