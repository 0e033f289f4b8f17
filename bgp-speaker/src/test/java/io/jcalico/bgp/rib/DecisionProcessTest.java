package io.jcalico.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Decision table: two paths that differ in one respect, which wins, and the step that says so. */
class DecisionProcessTest {
    static final RibPeer EBGP_A = peer("198.18.0.2", 65002, RibPeer.Kind.EXTERNAL, 0xC6120002);
    static final RibPeer EBGP_B = peer("198.18.0.3", 65002, RibPeer.Kind.EXTERNAL, 0xC6120003);
    static final RibPeer IBGP = peer("198.18.0.4", 65001, RibPeer.Kind.INTERNAL, 0xC6120001);
    static final RibPeer LOCAL = peer("0.0.0.0", 65001, RibPeer.Kind.LOCAL, 0xC6120009);

    static RibPeer peer(String addr, long asn, RibPeer.Kind kind, int routerId) {
        RibPeer p = new RibPeer(new RibPeer.Config(new IPAddressString(addr).getAddress(), asn, false, false, null, null,
                null, null, 0), kind, 65001);
        p.routerId = routerId;
        return p;
    }

    static AttributeSet base(UnaryOperator<AttributeSet.Builder> change) {
        return change.apply(AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP).asPath(AsPath.sequence(65002, 65100))
                .nextHop(NextHop.parse("198.18.0.2"))).build();
    }

    static Path path(RibPeer src, UnaryOperator<AttributeSet.Builder> change) {
        AttributeSet a = base(change);
        return Path.of(src, a, a, false);
    }

    static Stream<Arguments> table() {
        UnaryOperator<AttributeSet.Builder> same = b -> b;
        return Stream.of(
                Arguments.of("higher LOCAL_PREF wins", path(EBGP_A, b -> b.localPref(200)), path(EBGP_B, b -> b.localPref(100)),
                        DecisionProcess.Reason.LOCAL_PREF),
                Arguments.of("missing LOCAL_PREF counts as 100", path(EBGP_A, same), path(EBGP_B, b -> b.localPref(99)),
                        DecisionProcess.Reason.LOCAL_PREF),
                Arguments.of("locally originated wins", path(LOCAL, same), path(EBGP_A, same),
                        DecisionProcess.Reason.LOCALLY_ORIGINATED),
                Arguments.of("shorter AS_PATH wins", path(EBGP_A, b -> b.asPath(AsPath.sequence(65002))), path(EBGP_B, same),
                        DecisionProcess.Reason.AS_PATH_LENGTH),
                Arguments.of("an AS_SET counts one", path(EBGP_A, b -> b.asPath(AsPath.parse("65002 {1 2 3 4}"))),
                        path(EBGP_B, b -> b.asPath(AsPath.sequence(65002, 7, 8))), DecisionProcess.Reason.AS_PATH_LENGTH),
                Arguments.of("lower ORIGIN wins", path(EBGP_A, same), path(EBGP_B, b -> b.origin(AttributeSet.ORIGIN_INCOMPLETE)),
                        DecisionProcess.Reason.ORIGIN),
                Arguments.of("lower MED wins within one neighbour AS", path(EBGP_A, b -> b.med(5)), path(EBGP_B, b -> b.med(10)),
                        DecisionProcess.Reason.MED),
                Arguments.of("missing MED counts as 0", path(EBGP_A, same), path(EBGP_B, b -> b.med(1)),
                        DecisionProcess.Reason.MED),
                Arguments.of("MED ignored across neighbour ASes, eBGP wins", path(EBGP_A, b -> b.med(50)),
                        path(IBGP, b -> b.med(1).asPath(AsPath.sequence(65003, 65100))), DecisionProcess.Reason.EBGP_OVER_IBGP),
                Arguments.of("eBGP over iBGP", path(EBGP_A, same), path(IBGP, same), DecisionProcess.Reason.EBGP_OVER_IBGP),
                Arguments.of("lower router ID wins", path(EBGP_A, same), path(EBGP_B, same), DecisionProcess.Reason.ROUTER_ID),
                Arguments.of("ORIGINATOR_ID stands in for the router ID", path(EBGP_B, b -> b.originatorId(1)), path(EBGP_A, same),
                        DecisionProcess.Reason.ROUTER_ID),
                Arguments.of("shorter CLUSTER_LIST wins", path(EBGP_A, b -> b.originatorId(7).clusterList(1)),
                        path(EBGP_B, b -> b.originatorId(7).clusterList(1, 2)), DecisionProcess.Reason.CLUSTER_LIST_LENGTH),
                Arguments.of("lower peer address wins", path(EBGP_A, b -> b.originatorId(7)), path(EBGP_B, b -> b.originatorId(7)),
                        DecisionProcess.Reason.PEER_ADDRESS));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void winnerAndReason(String name, Path winner, Path loser, DecisionProcess.Reason reason) {
        DecisionProcess.Result r = DecisionProcess.compare(winner, loser);
        assertThat(r.reason()).isEqualTo(reason);
        assertThat(r.order()).isNegative();
        DecisionProcess.Result back = DecisionProcess.compare(loser, winner);
        assertThat(back.reason()).isEqualTo(reason);
        assertThat(back.order()).isPositive();
        assertThat(DecisionProcess.better(winner, loser)).isTrue();
        assertThat(DecisionProcess.better(loser, winner)).isFalse();
    }
}
