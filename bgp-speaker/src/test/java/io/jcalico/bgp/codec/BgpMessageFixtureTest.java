package io.jcalico.bgp.codec;

import static io.jcalico.bgp.codec.Fixtures.buf;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Hand-written wire bytes, commented field by field, against the parser and the writer. */
class BgpMessageFixtureTest {

    private static final String OPEN = """
            ffffffffffffffffffffffffffffffff // marker
            0025                             // length 37
            01                               // type OPEN
            04                               // version 4
            fde8                             // my AS 65000
            005a                             // hold time 90
            c6120001                         // BGP identifier 198.18.0.1
            08                               // optional parameters length 8
            02 06                            // parameter: capabilities, 6 octets
               41 04 0000fde8                // 4-octet AS 65000
            """;

    private static final String UPDATE = """
            ffffffffffffffffffffffffffffffff // marker
            003d                             // length 61
            02                               // type UPDATE
            0000                             // withdrawn routes length 0
            001f                             // path attribute length 31
            40 01 01 00                      // ORIGIN (well-known) IGP
            40 02 0a 02 02 0000fde8 0000fde9 // AS_PATH: one AS_SEQUENCE of 2: 65000 65001
            40 03 04 c6120001                // NEXT_HOP 198.18.0.1
            80 04 04 00000064                // MULTI_EXIT_DISC 100 (optional)
            18 c61205                        // NLRI 198.18.5.0/24
            10 c613                          // NLRI 198.19.0.0/16
            """;

    private static Object decode(ByteBuf in, CodecOptions o) {
        List<Object> out = new ArrayList<>();
        new BgpFrameDecoder().decodeFrames(in, o, out);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    @Test
    void openFixture() {
        Open open = (Open) decode(buf(OPEN), CodecOptions.DEFAULT);
        assertThat(open.asn()).isEqualTo(65000);
        assertThat(open.holdTime()).isEqualTo(90);
        assertThat(open.bgpIdString()).isEqualTo("198.18.0.1");
        assertThat(open.families()).containsExactly(AddressFamily.IPV4_UNICAST);
        ByteBuf out = Unpooled.buffer();
        BgpMessageWriter.write(open, CodecOptions.DEFAULT, out);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(Fixtures.hex(OPEN));
    }

    @Test
    void updateFixture() {
        Update u = (Update) decode(buf(UPDATE), CodecOptions.MODERN);
        AttributeSet expected = AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP)
                .asPath(AsPath.sequence(65000, 65001)).nextHop(NextHop.parse("198.18.0.1")).med(100).build();
        assertThat(u.attributes()).isSameAs(expected);
        assertThat(u.nlri()).isEqualTo(PrefixList.ipv4(Ipv4Prefixes.parse("198.18.5.0/24"), Ipv4Prefixes.parse("198.19.0.0/16")));
        assertThat(u.errors()).isEmpty();
        ByteBuf out = Unpooled.buffer();
        BgpMessageWriter.write(u, CodecOptions.MODERN, out);
        assertThat(ByteBufUtil.getBytes(out)).isEqualTo(Fixtures.hex(UPDATE));
    }

    @Test
    void notificationFixture() {
        Notification n = (Notification) decode(buf("""
                ffffffffffffffffffffffffffffffff // marker
                001a                             // length 26
                03                               // type NOTIFICATION
                06 02                            // Cease / Administrative Shutdown
                04 62796521                      // shutdown communication: 4 octets "bye!"
                """), CodecOptions.DEFAULT);
        assertThat(n.shutdownCommunication()).isEqualTo("bye!");
    }

    @Test
    void routeRefreshFixture() {
        RouteRefresh rr = (RouteRefresh) decode(buf("""
                ffffffffffffffffffffffffffffffff // marker
                0017                             // length 23
                05                               // type ROUTE-REFRESH
                0002 01 01                       // AFI IPv6, subtype BoRR, SAFI unicast
                """), CodecOptions.DEFAULT);
        assertThat(rr).isEqualTo(new RouteRefresh(AddressFamily.IPV6_UNICAST, RouteRefresh.BEGIN_OF_RR));
    }
}
