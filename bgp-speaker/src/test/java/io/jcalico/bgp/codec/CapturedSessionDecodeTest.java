package io.jcalico.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.attr.Aggregator;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.Ipv6Prefix;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Real sessions captured from BIRD 2, GoBGP 3 and FRR 8 (see captures/setup) decode completely and
 * without errors, and every message survives encode → decode unchanged.
 */
class CapturedSessionDecodeTest {

    static List<String> captures() {
        return Fixtures.CAPTURES;
    }

    static List<Object> decodeStream(byte[] stream) {
        EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
        ch.attr(CodecOptions.KEY).set(CodecOptions.MODERN);
        ch.writeInbound(Unpooled.wrappedBuffer(stream));
        List<Object> out = new ArrayList<>();
        for (Object m; (m = ch.readInbound()) != null; ) {
            out.add(m);
        }
        assertThat(ch.finish()).isFalse();
        return out;
    }

    @ParameterizedTest
    @MethodSource("captures")
    void everyCapturedMessageDecodesCleanlyAndRoundTrips(String name) {
        byte[] stream = Fixtures.capture(name);
        List<Object> messages = decodeStream(stream);
        assertThat(messages).isNotEmpty().allMatch(m -> m instanceof BgpMessage);
        assertThat(messages.get(0)).isInstanceOf(Open.class);
        for (Object m : messages) {
            if (m instanceof Update u) {
                assertThat(u.errors()).as("errors in %s", u).isEmpty();
            }
            ByteBuf again = Unpooled.buffer();
            BgpMessageWriter.write((BgpMessage) m, CodecOptions.MODERN, again);
            byte[] bytes = new byte[again.readableBytes()];
            again.readBytes(bytes);
            assertThat(decodeStream(bytes)).containsExactly(m);
        }
    }

    private static List<Update> updates(String name) {
        return decodeStream(Fixtures.capture(name)).stream().filter(Update.class::isInstance).map(Update.class::cast).toList();
    }

    @Test
    void birdOpenAnnouncesBothFamiliesFourOctetAsAndGracefulRestart() {
        Open open = (Open) decodeStream(Fixtures.capture("bird-to-gobgp")).get(0);
        assertThat(open.asn()).isEqualTo(65001);
        assertThat(open.bgpIdString()).isEqualTo("198.18.0.1");
        assertThat(open.families()).containsExactlyInAnyOrder(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        assertThat(open.capability(Capability.GracefulRestart.class)).hasValueSatisfying(gr -> {
            assertThat(gr.restartTime()).isEqualTo(120);
            assertThat(gr.covers(AddressFamily.IPV6_UNICAST)).isTrue();
        });
        assertThat(open.has(Capability.RouteRefreshSupport.class)).isTrue();
    }

    @Test
    void birdUpdateCarriesCommunitiesAndLargeCommunities() {
        long p = Ipv4Prefixes.parse("198.18.10.0/24");
        Update u = updates("bird-to-gobgp").stream()
                .filter(x -> x.nlri().size() > 0 && contains(x.nlri(), p)).findFirst().orElseThrow();
        AttributeSet a = u.attributes();
        assertThat(a.asPath().flatten()).containsExactly(65001L);
        assertThat(a.hasCommunity(Communities.parse("65001:100"))).isTrue();
        assertThat(a.hasLargeCommunity(65001, 1, 2)).isTrue();
        assertThat(a.nextHop().address().toCanonicalString()).isEqualTo("198.18.0.1");
    }

    @Test
    void gobgpSendsFourOctetAggregatorAndWithdrawsIpv6InMpUnreach() {
        List<Update> ups = updates("gobgp-to-bird");
        assertThat(ups).anySatisfy(u -> {
            assertThat(u.attributes()).isNotNull();
            assertThat(u.attributes().aggregator()).isEqualTo(new Aggregator(4200000000L, Ipv4Prefixes.address(Ipv4Prefixes.parse("198.18.0.2/32"))));
            assertThat(u.attributes().asPath().flatten()).containsExactly(65002L, 4200000001L);
        });
        assertThat(ups).anySatisfy(u -> assertThat(u.mpUnreach()).isNotNull()
                .satisfies(w -> assertThat(w.size()).isEqualTo(1))
                .satisfies(w -> assertThat(w.ipv6(0)).isEqualTo(Ipv6Prefix.parse("fd00:30::/64"))));
        assertThat(ups).anySatisfy(u -> assertThat(u.endOfRibFamily()).isEqualTo(AddressFamily.IPV6_UNICAST));
    }

    @Test
    void frrSendsIpv6RoutesInMpReach() {
        assertThat(updates("frr-to-bird")).anySatisfy(u -> {
            assertThat(u.mpReach()).isNotNull();
            assertThat(u.mpReach().ipv6(0)).isEqualTo(Ipv6Prefix.parse("fd00:20::/64"));
            assertThat(u.mpNextHop().address().toCanonicalString()).isEqualTo("fd00::3");
        });
    }

    @Test
    void birdSendsCeaseWhenDisabled() {
        List<Object> msgs = decodeStream(Fixtures.capture("bird-to-frr"));
        assertThat(msgs.get(msgs.size() - 1)).isInstanceOfSatisfying(Notification.class,
                n -> assertThat(n.code()).isEqualTo(ErrorCodes.CEASE));
    }

    private static boolean contains(PrefixList list, long key) {
        for (int i = 0; i < list.size(); i++) {
            if (list.ipv4(i) == key) {
                return true;
            }
        }
        return false;
    }
}
