package io.jcalico.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.Update;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeError;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.attr.Verdict;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.jcalico.bgp.policy.Policy;
import io.jcalico.bgp.policy.PrefixMatch;
import io.jcalico.bgp.policy.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The RIB end to end without sockets: learn, select, rewrite, filter, pack, withdraw. */
class RibTest {
    static final int RID = 0xC6120001;
    static final Set<AddressFamily> BOTH = Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    final List<String> limits = new ArrayList<>();
    final Rib rib = new Rib(65001, RID, 0, (p, f, n) -> limits.add(p + " " + n));

    static IPAddress ip(String s) {
        return new IPAddressString(s).getAddress();
    }

    static PrefixList v4(String... prefixes) {
        long[] keys = new long[prefixes.length];
        for (int i = 0; i < prefixes.length; i++) {
            keys[i] = Ipv4Prefixes.parse(prefixes[i]);
        }
        return PrefixList.ipv4(keys);
    }

    static AttributeSet attrs(long... path) {
        return AttributeSet.builder().origin(0).asPath(AsPath.sequence(path)).nextHop(NextHop.parse("198.18.9.9")).build();
    }

    RibPeer peer(String addr, long asn, RecordingSink sink, int routerId) {
        return peer(new RibPeer.Config(ip(addr), asn, false, false, null, null, null, null, 0), sink, routerId);
    }

    RibPeer peer(RibPeer.Config cfg, RecordingSink sink, int routerId) {
        RibPeer p = rib.addPeer(cfg);
        rib.peerUp(p, routerId, BOTH, sink, NextHop.parse(cfg.address().isIPv4() ? "198.18.0.1" : "fd00::1"),
                NextHop.parse("fd00::1"));
        return p;
    }

    @Test
    void ebgpRouteIsPrependedGivenOurNextHopAndNotSentBack() {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        RibPeer pa = peer("198.18.0.2", 65002, a, 2);
        peer("198.18.0.3", 65003, b, 3);
        rib.announce(pa, v4("198.18.10.0/24"), attrs(65002).toBuilder().localPref(500).med(7).build());
        rib.flush();
        AttributeSet out = b.table.get("198.18.10.0/24");
        assertThat(out.asPath().flatten()).containsExactly(65001L, 65002L);
        assertThat(out.nextHop()).isEqualTo(NextHop.parse("198.18.0.1"));
        assertThat(out.hasLocalPref()).isFalse();
        assertThat(out.hasMed()).isFalse();
        assertThat(a.table).isEmpty();
        assertThat(a.calls).containsExactly("EoR ipv4-unicast", "EoR ipv6-unicast");
    }

    @Test
    void heldAdvertisementsSendNothingThenTheCoalescedTableWithEndOfRibLast() {
        rib.holdAdvertisements(true);
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        RibPeer pa = peer("198.18.0.2", 65002, a, 2);
        peer("198.18.0.3", 65003, b, 3);
        rib.announce(pa, v4("198.18.10.0/24"), attrs(65002));
        rib.announce(pa, v4("198.18.10.0/24"), attrs(65002, 65010));
        rib.flush();
        assertThat(a.calls).isEmpty();
        assertThat(b.calls).isEmpty();
        // the Loc-RIB itself is not deferred
        assertThat(rib.bestPath(ip("198.18.10.0/24"))).isNotNull();

        rib.holdAdvertisements(false);
        assertThat(b.calls).containsExactly("+198.18.10.0/24", "EoR ipv4-unicast", "EoR ipv6-unicast");
        assertThat(b.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L, 65002L, 65010L);
        assertThat(a.calls).containsExactly("EoR ipv4-unicast", "EoR ipv6-unicast");
    }

    @Test
    void ibgpRoutesAreNotPassedToIbgpWithoutReflection() {
        RecordingSink i1 = new RecordingSink();
        RecordingSink i2 = new RecordingSink();
        RecordingSink e = new RecordingSink();
        RibPeer p1 = peer("198.18.0.2", 65001, i1, 2);
        peer("198.18.0.3", 65001, i2, 3);
        peer("198.18.0.4", 65004, e, 4);
        rib.announce(p1, v4("198.18.10.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.2")).build());
        rib.flush();
        assertThat(i2.table).isEmpty();
        assertThat(e.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L);
    }

    @Test
    void nextHopKeepGivesAnEbgpPeerTheLearntNextHopAndOursForOriginatedRoutes() {
        RecordingSink keep = new RecordingSink();
        RecordingSink auto = new RecordingSink();
        RibPeer mesh = peer("198.18.0.2", 65001, new RecordingSink(), 2);
        peer(new RibPeer.Config(ip("198.18.0.3"), 65003, false, false, null, null, null, null, 0).withNextHopKeep(true),
                keep, 3);
        peer("198.18.0.4", 65004, auto, 4);
        // a route another node of the cluster originated, learnt over iBGP with that node as next hop
        rib.announce(mesh, v4("198.18.10.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.2")).build());
        rib.originate(ip("198.18.64.0/26"), AttributeSet.builder().origin(0).build());
        rib.flush();
        assertThat(keep.table.get("198.18.10.0/24").nextHop()).isEqualTo(NextHop.parse("198.18.0.2"));
        assertThat(keep.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L);
        assertThat(keep.table.get("198.18.64.0/26").nextHop()).isEqualTo(NextHop.parse("198.18.0.1"));
        // without keep (Calico's Auto) an eBGP peer is given our address for both
        assertThat(auto.table.get("198.18.10.0/24").nextHop()).isEqualTo(NextHop.parse("198.18.0.1"));
        assertThat(auto.table.get("198.18.64.0/26").nextHop()).isEqualTo(NextHop.parse("198.18.0.1"));
    }

    @Test
    void nextHopSelfGivesAnIbgpPeerOurAddressForRoutesLearntFromOthers() {
        Rib rr = new Rib(65001, RID, 0x0A0A0A0A, (p, f, n) -> { });
        RecordingSink self = new RecordingSink();
        RecordingSink auto = new RecordingSink();
        RibPeer client = rr.addPeer(new RibPeer.Config(ip("198.18.0.2"), 65001, true, false, null, null, null, null, 0));
        RibPeer s = rr.addPeer(new RibPeer.Config(ip("198.18.0.3"), 65001, true, true, null, null, null, null, 0));
        RibPeer a = rr.addPeer(new RibPeer.Config(ip("198.18.0.4"), 65001, true, false, null, null, null, null, 0));
        rr.peerUp(client, 0xC6120002, BOTH, new RecordingSink(), NextHop.parse("198.18.0.1"), null);
        rr.peerUp(s, 0xC6120003, BOTH, self, NextHop.parse("198.18.0.1"), null);
        rr.peerUp(a, 0xC6120004, BOTH, auto, NextHop.parse("198.18.0.1"), null);
        rr.announce(client, v4("198.18.10.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.2")).build());
        rr.flush();
        assertThat(self.table.get("198.18.10.0/24").nextHop()).isEqualTo(NextHop.parse("198.18.0.1"));
        assertThat(auto.table.get("198.18.10.0/24").nextHop()).isEqualTo(NextHop.parse("198.18.0.2"));
    }

    @Test
    void routeReflectorReflectsClientRoutesWithOriginatorIdAndClusterList() {
        Rib rr = new Rib(65001, RID, 0x0A0A0A0A, (p, f, n) -> { });
        RecordingSink client = new RecordingSink();
        RecordingSink other = new RecordingSink();
        RibPeer c = rr.addPeer(new RibPeer.Config(ip("198.18.0.2"), 65001, true, false, null, null, null, null, 0));
        RibPeer n = rr.addPeer(new RibPeer.Config(ip("198.18.0.3"), 65001, false, false, null, null, null, null, 0));
        rr.peerUp(c, 0xC6120002, BOTH, client, NextHop.parse("198.18.0.1"), null);
        rr.peerUp(n, 0xC6120003, BOTH, other, NextHop.parse("198.18.0.1"), null);
        rr.announce(c, v4("198.18.10.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.2")).build());
        rr.flush();
        AttributeSet out = other.table.get("198.18.10.0/24");
        assertThat(out.originatorId()).isEqualTo(0xC6120002L);
        assertThat(out.clusterList()).containsExactly(0x0A0A0A0A);
        assertThat(out.nextHop()).isEqualTo(NextHop.parse("198.18.0.2"));
        assertThat(out.localPref()).isEqualTo(100);
        // a non-client's route goes to clients only
        rr.announce(n, v4("198.18.11.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.3")).build());
        rr.flush();
        assertThat(client.table).containsKey("198.18.11.0/24");
        // a route that carries our cluster ID or our router ID as originator is a loop
        rr.announce(n, v4("198.18.12.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.3"))
                .originatorId(9).clusterList(0x0A0A0A0A).build());
        rr.announce(n, v4("198.18.13.0/24"), AttributeSet.builder().origin(0).nextHop(NextHop.parse("198.18.0.3"))
                .originatorId(Integer.toUnsignedLong(RID)).build());
        assertThat(rr.bestPath(ip("198.18.12.0/24"))).isNull();
        assertThat(rr.bestPath(ip("198.18.13.0/24"))).isNull();
    }

    @Test
    void ourAsInThePathIsALoopAndFirstAsMustBeThePeers() {
        RibPeer p = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        rib.announce(p, v4("198.18.10.0/24"), attrs(65002, 65001, 65100));
        rib.announce(p, v4("198.18.11.0/24"), attrs(65099));
        assertThat(rib.bestPath(ip("198.18.10.0/24"))).isNull();
        assertThat(rib.bestPath(ip("198.18.11.0/24"))).isNull();
        assertThat(p.counters(AddressFamily.IPV4_UNICAST).received()).isEqualTo(2);
        assertThat(p.counters(AddressFamily.IPV4_UNICAST).accepted()).isZero();
    }

    @Test
    void allowLocalAsAcceptsOurAsUpToThatManyTimes() {
        RibPeer p = peer(new RibPeer.Config(ip("198.18.0.2"), 65002, false, false, null, null, null, null, 0, 0, 2),
                new RecordingSink(), 2);
        rib.announce(p, v4("198.18.10.0/24"), attrs(65002, 65001, 65100));
        rib.announce(p, v4("198.18.11.0/24"), attrs(65002, 65001, 65001, 65100));
        rib.announce(p, v4("198.18.12.0/24"), attrs(65002, 65001, 65001, 65001));
        assertThat(rib.bestPath(ip("198.18.10.0/24"))).isNotNull();
        assertThat(rib.bestPath(ip("198.18.11.0/24"))).isNotNull();
        assertThat(rib.bestPath(ip("198.18.12.0/24"))).isNull();
    }

    @Test
    void perPeerLocalAsIsPrependedTowardsThatPeerAndMakesItsSessionExternal() {
        RecordingSink a = new RecordingSink();
        RecordingSink b = new RecordingSink();
        RibPeer pa = peer("198.18.0.2", 65002, a, 2);
        RibPeer pb = peer(new RibPeer.Config(ip("198.18.0.3"), 65003, false, false, null, null, null, null, 0, 65010, 0),
                b, 3);
        // a peer in the AS we are towards it is internal, even if that is not the speaker's AS
        RibPeer pc = peer(new RibPeer.Config(ip("198.18.0.4"), 65010, false, false, null, null, null, null, 0, 65010, 0),
                new RecordingSink(), 4);
        assertThat(pb.kind()).isEqualTo(RibPeer.Kind.EXTERNAL);
        assertThat(pc.kind()).isEqualTo(RibPeer.Kind.INTERNAL);
        rib.announce(pa, v4("198.18.10.0/24"), attrs(65002));
        rib.announce(pb, v4("198.18.20.0/24"), attrs(65003, 65010));
        rib.flush();
        assertThat(b.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65010L, 65002L);
        assertThat(a.table.get("198.18.10.0/24")).isNull();
        // its own local AS in the path is a loop too
        assertThat(rib.bestPath(ip("198.18.20.0/24"))).isNull();
    }

    @Test
    void implicitWithdrawReplacesAndExplicitWithdrawRemoves() {
        RecordingSink b = new RecordingSink();
        RibPeer pa = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        peer("198.18.0.3", 65003, b, 3);
        rib.announce(pa, v4("198.18.10.0/24"), attrs(65002));
        rib.flush();
        rib.announce(pa, v4("198.18.10.0/24"), attrs(65002, 65200));
        rib.flush();
        assertThat(b.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L, 65002L, 65200L);
        assertThat(pa.counters(AddressFamily.IPV4_UNICAST).received()).isEqualTo(1);
        rib.withdraw(pa, v4("198.18.10.0/24"));
        rib.flush();
        assertThat(b.table).isEmpty();
        assertThat(b.calls).endsWith("-198.18.10.0/24");
        assertThat(rib.size(AddressFamily.IPV4_UNICAST)).isZero();
    }

    @Test
    void betterPathTakesOverAndLosingItFallsBack() {
        RecordingSink c = new RecordingSink();
        RibPeer a = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        RibPeer b = peer("198.18.0.3", 65003, new RecordingSink(), 3);
        peer("198.18.0.4", 65004, c, 4);
        rib.announce(a, v4("198.18.10.0/24"), attrs(65002, 1, 2));
        rib.announce(b, v4("198.18.10.0/24"), attrs(65003));
        rib.flush();
        assertThat(rib.bestPath(ip("198.18.10.0/24")).source()).isSameAs(b);
        assertThat(c.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L, 65003L);
        rib.withdraw(b, v4("198.18.10.0/24"));
        rib.flush();
        assertThat(c.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L, 65002L, 1L, 2L);
    }

    @Test
    void noExportStaysInsideTheAsAndNoAdvertiseGoesNowhere() {
        RecordingSink ibgp = new RecordingSink();
        RecordingSink ebgp = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        peer("198.18.0.3", 65001, ibgp, 3);
        peer("198.18.0.4", 65004, ebgp, 4);
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002).toBuilder().communities(Communities.NO_EXPORT).build());
        rib.announce(src, v4("198.18.11.0/24"), attrs(65002).toBuilder().communities(Communities.NO_ADVERTISE).build());
        rib.flush();
        assertThat(ibgp.table).containsOnlyKeys("198.18.10.0/24");
        assertThat(ebgp.table).isEmpty();
    }

    @Test
    void importAndExportPoliciesFilterAndSetAttributes() {
        Policy imp = new Policy("imp", List.of(
                new Statement(List.of(PrefixMatch.parse("198.18.0.0/16 ge 24 le 24")), null, null, null, true, 300, -1,
                        new int[] {Communities.parse("65001:1")}, null, 0, 0),
                new Statement(List.of(), Pattern.compile("^65002 65666"), null, null, false, -1, -1, null, null, 0, 0)),
                false);
        Policy exp = new Policy("exp", List.of(
                new Statement(List.of(), null, Communities.parse("65001:1"), null, true, -1, 42, null, null, 1, 65001)),
                false);
        RecordingSink out = new RecordingSink();
        RibPeer src = peer(new RibPeer.Config(ip("198.18.0.2"), 65002, false, false, imp, null, null, null, 0),
                new RecordingSink(), 2);
        peer(new RibPeer.Config(ip("198.18.0.3"), 65003, false, false, null, exp, null, null, 0), out, 3);
        rib.announce(src, v4("198.18.10.0/24", "198.18.0.0/16", "10.0.0.0/24"), attrs(65002));
        rib.flush();
        AttributeSet accepted = rib.bestPath(ip("198.18.10.0/24")).attributes();
        assertThat(accepted.localPref()).isEqualTo(300);
        assertThat(rib.bestPath(ip("198.18.0.0/16"))).isNull(); // le 24 ge 24 only
        assertThat(rib.bestPath(ip("10.0.0.0/24"))).isNull();   // default reject
        assertThat(out.table).containsOnlyKeys("198.18.10.0/24");
        AttributeSet sent = out.table.get("198.18.10.0/24");
        assertThat(sent.med()).isEqualTo(42);
        assertThat(sent.asPath().flatten()).containsExactly(65001L, 65001L, 65002L);
        assertThat(src.counters(AddressFamily.IPV4_UNICAST).received()).isEqualTo(3);
        assertThat(src.counters(AddressFamily.IPV4_UNICAST).accepted()).isEqualTo(1);
    }

    @Test
    void prefixesSharingAttributesArePackedIntoOneAnnouncementPerSet() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        peer("198.18.0.3", 65003, out, 3);
        for (int set = 0; set < 10; set++) {
            long[] keys = new long[100];
            for (int i = 0; i < 100; i++) {
                keys[i] = Ipv4Prefixes.pack(0xC6120000 + ((set * 100 + i) << 8), 24);
            }
            rib.announce(src, PrefixList.ipv4(keys), attrs(65002, 1000 + set));
        }
        rib.flush();
        assertThat(out.table).hasSize(1000);
        assertThat(out.announceCalls).isEqualTo(10);
        assertThat(out.table.values().stream().distinct().count()).isEqualTo(10);
    }

    @Test
    void gracefulRestartKeepsStaleRoutesUntilEndOfRib() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        peer("198.18.0.3", 65003, out, 3);
        rib.announce(src, v4("198.18.10.0/24", "198.18.11.0/24"), attrs(65002));
        rib.flush();
        rib.peerDown(src, true);
        assertThat(rib.bestPath(ip("198.18.10.0/24")).stale()).isTrue();
        assertThat(out.table).hasSize(2);
        int calls = out.calls.size();
        rib.peerUp(src, 2, BOTH, new RecordingSink(), NextHop.parse("198.18.0.1"), null);
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002));
        rib.apply(src, Update.endOfRib(AddressFamily.IPV4_UNICAST));
        assertThat(rib.bestPath(ip("198.18.10.0/24")).stale()).isFalse();
        assertThat(rib.bestPath(ip("198.18.11.0/24"))).isNull();
        assertThat(out.table).containsOnlyKeys("198.18.10.0/24");
        assertThat(out.calls.subList(calls, out.calls.size())).containsExactly("-198.18.11.0/24");
    }

    @Test
    void treatAsWithdrawRemovesTheAnnouncedPrefixes() {
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002));
        rib.apply(src, new Update(PrefixList.EMPTY_IPV4, attrs(65002), v4("198.18.10.0/24"), null, null, null,
                List.of(AttributeError.update(6, Verdict.TREAT_AS_WITHDRAW, "bad origin"))));
        assertThat(rib.bestPath(ip("198.18.10.0/24"))).isNull();
    }

    @Test
    void exceedingMaxPrefixesCallsTheLimitHandler() {
        RibPeer src = peer(new RibPeer.Config(ip("198.18.0.2"), 65002, false, false, null, null, null, null, 2),
                new RecordingSink(), 2);
        rib.announce(src, v4("198.18.10.0/24", "198.18.11.0/24"), attrs(65002));
        assertThat(limits).isEmpty();
        rib.announce(src, v4("198.18.12.0/24"), attrs(65002));
        assertThat(limits).containsExactly("198.18.0.2 3");
    }

    @Test
    void ipv6RoutesWithTheirOwnKeysAndNextHop() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("fd00::2", 65002, new RecordingSink(), 2);
        peer("fd00::3", 65003, out, 3);
        AttributeSet a = AttributeSet.builder().origin(0).asPath(AsPath.sequence(65002))
                .nextHop(NextHop.of(ip("fd00::2"), ip("fe80::2"))).build();
        PrefixList p = PrefixList.of(AddressFamily.IPV6_UNICAST, List.of(ip("fd00:10::/64"), ip("fd00:11::40/122")));
        rib.announce(src, p, a);
        rib.flush();
        assertThat(out.table).containsOnlyKeys("fd00:10::/64", "fd00:11::40/122");
        assertThat(out.table.get("fd00:10::/64").nextHop()).isEqualTo(NextHop.parse("fd00::1"));
        rib.withdraw(src, p);
        rib.flush();
        assertThat(out.table).isEmpty();
        rib.announce(src, PrefixList.of(AddressFamily.IPV6_UNICAST, List.of(ip("fd00:12::/64"))), a);
        rib.flush();
        assertThat(out.table).containsOnlyKeys("fd00:12::/64");
    }

    @Test
    void originatedRoutesGoToEveryPeerWithSelfNextHopAndListenersHearOfThem() {
        List<String> heard = new ArrayList<>();
        rib.addListener((f, prefix, best) -> heard.add(prefix.toCanonicalString() + (best == null ? " gone" : " up")));
        RecordingSink ibgp = new RecordingSink();
        RecordingSink ebgp = new RecordingSink();
        peer("198.18.0.2", 65001, ibgp, 2);
        peer("198.18.0.3", 65003, ebgp, 3);
        rib.originate(ip("198.18.64.0/26"), AttributeSet.builder().origin(0).build());
        assertThat(ibgp.table.get("198.18.64.0/26").nextHop()).isEqualTo(NextHop.parse("198.18.0.1"));
        assertThat(ibgp.table.get("198.18.64.0/26").asPath().isEmpty()).isTrue();
        assertThat(ebgp.table.get("198.18.64.0/26").asPath().flatten()).containsExactly(65001L);
        rib.withdrawOriginated(ip("198.18.64.0/26"));
        assertThat(ibgp.table).isEmpty();
        assertThat(heard).containsExactly("198.18.64.0/26 up", "198.18.64.0/26 gone");
    }

    @Test
    void blockedSinkCoalescesChangesUntilReady() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        peer("198.18.0.3", 65003, out, 3);
        out.ready = false;
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002));
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002, 7));
        rib.withdraw(src, v4("198.18.10.0/24"));
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002, 8));
        rib.flush();
        assertThat(out.table).isEmpty();
        out.ready = true;
        rib.flush();
        assertThat(out.calls).filteredOn(c -> c.startsWith("+") || c.startsWith("-")).containsExactly("+198.18.10.0/24");
        assertThat(out.table.get("198.18.10.0/24").asPath().flatten()).containsExactly(65001L, 65002L, 8L);
    }

    @Test
    void enhancedRefreshMarkersEncloseTheRefreshedRoutesWhileTheSinkIsBackedUp() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        RibPeer dst = peer("198.18.0.3", 65003, out, 3);
        rib.announce(src, v4("198.18.10.0/24", "198.18.11.0/24"), attrs(65002));
        rib.flush();
        out.calls.clear();
        out.ready = false;
        rib.refreshOut(dst, AddressFamily.IPV4_UNICAST, true);
        // changes while the connection is backed up travel inside the refresh
        rib.withdraw(src, v4("198.18.11.0/24"));
        rib.announce(src, v4("198.18.12.0/24"), attrs(65002));
        rib.flush();
        assertThat(out.calls).isEmpty();
        out.ready = true;
        rib.flush();
        assertThat(out.calls).first().isEqualTo("BoRR ipv4-unicast");
        assertThat(out.calls).last().isEqualTo("EoRR ipv4-unicast");
        assertThat(out.calls.subList(1, out.calls.size() - 1))
                .containsExactlyInAnyOrder("-198.18.11.0/24", "+198.18.10.0/24", "+198.18.12.0/24");
        assertThat(out.calls).doesNotContain("EoR ipv4-unicast");
    }

    @Test
    void plainRefreshKeepsAWithdrawalStillQueuedAndEndsWithEndOfRib() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        RibPeer dst = peer("198.18.0.3", 65003, out, 3);
        rib.announce(src, v4("198.18.10.0/24", "198.18.11.0/24"), attrs(65002));
        rib.flush();
        out.ready = false;
        rib.withdraw(src, v4("198.18.11.0/24"));
        rib.refreshOut(dst, AddressFamily.IPV4_UNICAST, false);
        out.ready = true;
        rib.flush();
        assertThat(out.table).containsOnlyKeys("198.18.10.0/24");
        assertThat(out.calls).last().isEqualTo("EoR ipv4-unicast");
    }

    @Test
    void adjRibOutListingAndCountAreTheLocRibsExportNotACopy() {
        RecordingSink out = new RecordingSink();
        RibPeer src = peer("198.18.0.2", 65002, new RecordingSink(), 2);
        RibPeer dst = peer("198.18.0.3", 65003, out, 3);
        rib.announce(src, v4("198.18.10.0/24", "198.18.11.0/24"), attrs(65002));
        rib.flush();
        rib.withdraw(src, v4("198.18.11.0/24"));
        rib.announce(src, v4("198.18.10.0/24"), attrs(65002, 9));
        rib.flush();
        List<String> listed = new ArrayList<>();
        rib.adjRibOut(dst, AddressFamily.IPV4_UNICAST, e -> {
            listed.add(e.prefix().toCanonicalString());
            assertThat(e.attributes()).isSameAs(out.table.get(e.prefix().toCanonicalString()));
        });
        assertThat(listed).containsExactlyInAnyOrderElementsOf(out.table.keySet()).containsExactly("198.18.10.0/24");
        assertThat(dst.advertised(AddressFamily.IPV4_UNICAST)).isEqualTo(1);
        assertThat(src.advertised(AddressFamily.IPV4_UNICAST)).isZero(); // never back to where it came from
    }
}
