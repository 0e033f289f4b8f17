package io.jcalico.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.attr.Aggregator;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeCodec;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.attr.UnknownAttribute;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every message type survives write → frame → parse unchanged, with 2- and 4-octet AS sessions. */
class BgpCodecRoundTripTest {

    static Object roundTrip(BgpMessage m, CodecOptions options) {
        ByteBuf buf = Unpooled.buffer();
        BgpMessageWriter.write(m, options, buf);
        List<Object> out = new ArrayList<>();
        new BgpFrameDecoder().decodeFrames(buf, options, out);
        assertThat(out).hasSize(1);
        assertThat(buf.isReadable()).isFalse();
        return out.get(0);
    }

    static AttributeSet fullSet() {
        return AttributeSet.builder()
                .origin(AttributeSet.ORIGIN_EGP)
                .asPath(AsPath.parse("65001 4200000001 {65010 65011}"))
                .nextHop(NextHop.parse("198.18.0.1"))
                .med(0xFFFFFFF0L)
                .localPref(150)
                .atomicAggregate(true)
                .aggregator(new Aggregator(4200000002L, 0x0A000001))
                .communities(Communities.parse("65001:100"), Communities.NO_EXPORT)
                .largeCommunities(65001, 1, 2, -1, 0, 7)
                .originatorId(0xC6120001L)
                .clusterList(1, 2)
                .unknown(List.of(new UnknownAttribute(AttributeCodec.FLAG_OPTIONAL | AttributeCodec.FLAG_TRANSITIVE
                        | AttributeCodec.FLAG_PARTIAL, 99, new byte[] {1, 2, 3})))
                .build();
    }

    @Test
    void openWithEveryCapabilityIncludingUnknownOnes() {
        Open open = Open.of(4200000000L, 90, 0xC6120001, List.of(
                new Capability.MultiProtocol(AddressFamily.IPV4_UNICAST),
                new Capability.MultiProtocol(AddressFamily.IPV6_UNICAST),
                new Capability.MultiProtocol(new AddressFamily(25, 70)),
                new Capability.RouteRefreshSupport(),
                new Capability.EnhancedRouteRefresh(),
                new Capability.ExtendedMessage(),
                new Capability.GracefulRestart(true, true, 120, List.of(
                        new Capability.GracefulRestart.Family(AddressFamily.IPV4_UNICAST, true),
                        new Capability.GracefulRestart.Family(AddressFamily.IPV6_UNICAST, false))),
                new Capability.Unknown(73, new byte[] {4, 'h', 'o', 's', 't', 0})));
        Object back = roundTrip(open, CodecOptions.DEFAULT);
        assertThat(back).isEqualTo(open);
        assertThat(((Open) back).myAs()).isEqualTo(AsPath.AS_TRANS);
        assertThat(((Open) back).asn()).isEqualTo(4200000000L);
    }

    @Test
    void ipv4UpdateWithEveryAttributeOnFourOctetSession() {
        Update u = new Update(PrefixList.ipv4(Ipv4Prefixes.parse("198.18.9.0/24")), fullSet(),
                PrefixList.ipv4(Ipv4Prefixes.parse("198.18.10.0/24"), Ipv4Prefixes.parse("0.0.0.0/0"),
                        Ipv4Prefixes.parse("198.18.1.1/32")), null, null, null, List.of());
        assertThat(roundTrip(u, CodecOptions.MODERN)).isEqualTo(u);
    }

    @Test
    void fourOctetAsnsSurviveATwoOctetSessionViaAs4PathAndAs4Aggregator() {
        Update u = Update.announce(fullSet(), PrefixList.ipv4(Ipv4Prefixes.parse("198.18.10.0/24")));
        ByteBuf buf = Unpooled.buffer();
        BgpMessageWriter.write(u, CodecOptions.DEFAULT, buf);
        // the wire carries AS_TRANS in AS_PATH and AGGREGATOR
        assertThat(io.netty.buffer.ByteBufUtil.hexDump(buf)).contains("5ba0"); // 23456
        assertThat(roundTrip(u, CodecOptions.DEFAULT)).isEqualTo(u);
    }

    @Test
    void ipv6UpdateInMpReachWithLinkLocalNextHopAndMpUnreach() {
        AttributeSet attrs = fullSet().toBuilder()
                .nextHop(NextHop.of(new inet.ipaddr.IPAddressString("fd00::1").getAddress(),
                        new inet.ipaddr.IPAddressString("fe80::1").getAddress()))
                .build();
        PrefixList reach = PrefixList.of(AddressFamily.IPV6_UNICAST, List.of(
                new inet.ipaddr.IPAddressString("fd00:10::/64").getAddress(),
                new inet.ipaddr.IPAddressString("fd00:11::40/122").getAddress(),
                new inet.ipaddr.IPAddressString("::/0").getAddress()));
        // the next hop travels inside MP_REACH_NLRI, so the decoded set has none of its own
        Update u = new Update(PrefixList.EMPTY_IPV4, attrs.withNextHop(null), PrefixList.EMPTY_IPV4, reach, attrs.nextHop(),
                PrefixList.of(AddressFamily.IPV6_UNICAST, List.of(new inet.ipaddr.IPAddressString("fd00:99::/48").getAddress())),
                List.of());
        Update back = (Update) roundTrip(u, CodecOptions.MODERN);
        assertThat(back).isEqualTo(u);
        assertThat(back.mpAttributes()).isSameAs(attrs);
        assertThat(((NextHop.V6) back.mpNextHop()).linkLocal().toCanonicalString()).isEqualTo("fe80::1");
    }

    @Test
    void withdrawalsAndEndOfRibMarkers() {
        Update w4 = Update.withdraw(PrefixList.ipv4(Ipv4Prefixes.parse("198.18.10.0/24")));
        assertThat(roundTrip(w4, CodecOptions.MODERN)).isEqualTo(w4);
        for (AddressFamily f : List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST)) {
            Update eor = (Update) roundTrip(Update.endOfRib(f), CodecOptions.MODERN);
            assertThat(eor.endOfRibFamily()).isEqualTo(f);
        }
    }

    @Test
    void notificationWithShutdownCommunication() {
        Notification n = Notification.shutdown(ErrorCodes.CEASE_ADMIN_SHUTDOWN, "maintenance: réseau ✓");
        Notification back = (Notification) roundTrip(n, CodecOptions.DEFAULT);
        assertThat(back).isEqualTo(n);
        assertThat(back.shutdownCommunication()).isEqualTo("maintenance: réseau ✓");
        // RFC 9003: at most 255 octets, cut on a character boundary
        Notification longOne = Notification.shutdown(ErrorCodes.CEASE_ADMIN_RESET, "é".repeat(200));
        assertThat(longOne.data()).hasSize(255);
        assertThat(longOne.shutdownCommunication()).isEqualTo("é".repeat(127));
    }

    @Test
    void keepaliveAndRouteRefreshSubtypes() {
        assertThat(roundTrip(Keepalive.INSTANCE, CodecOptions.DEFAULT)).isEqualTo(Keepalive.INSTANCE);
        for (int subtype : new int[] {RouteRefresh.NORMAL, RouteRefresh.BEGIN_OF_RR, RouteRefresh.END_OF_RR}) {
            RouteRefresh rr = new RouteRefresh(AddressFamily.IPV6_UNICAST, subtype);
            assertThat(roundTrip(rr, CodecOptions.DEFAULT)).isEqualTo(rr);
        }
    }

    @Test
    void attributeSetsAreInterned() {
        assertThat(fullSet()).isSameAs(fullSet());
        Update a = (Update) roundTrip(Update.announce(fullSet(), PrefixList.ipv4(Ipv4Prefixes.parse("198.18.0.0/16"))),
                CodecOptions.MODERN);
        assertThat(a.attributes()).isSameAs(fullSet());
    }
}
