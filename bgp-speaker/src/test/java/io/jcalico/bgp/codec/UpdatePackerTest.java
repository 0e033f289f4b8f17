package io.jcalico.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.Ipv6Prefix;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Many prefixes with one attribute set pack into few full UPDATEs that decode back to the same routes. */
class UpdatePackerTest {

    private static List<Update> decodeAll(ByteBuf buf, CodecOptions o) {
        List<Object> out = new ArrayList<>();
        new BgpFrameDecoder().decodeFrames(buf, o, out);
        assertThat(buf.isReadable()).isFalse();
        return out.stream().map(Update.class::cast).toList();
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ipv4AnnouncementsAndWithdrawalsFillMessagesUpToTheCap(boolean extended) {
        CodecOptions o = new CodecOptions(true, extended);
        PrefixList.Builder b = PrefixList.builder(AddressFamily.IPV4_UNICAST);
        for (int i = 0; i < 5000; i++) {
            b.addIpv4(Ipv4Prefixes.pack(0xC6120000 | i << 8, 24));
        }
        PrefixList prefixes = b.build();
        AttributeSet attrs = AttributeSet.builder().origin(0).asPath(AsPath.sequence(65001)).nextHop(NextHop.parse("198.18.0.1")).build();
        ByteBuf buf = Unpooled.buffer();
        int messages = UpdatePacker.announce(attrs, prefixes, o, buf);
        int perMessage = (o.maxMessageLength() - 23 - 21) / 4; // 4 octets per /24
        assertThat(messages).isEqualTo((5000 + perMessage - 1) / perMessage);
        PrefixList.Builder seen = PrefixList.builder(AddressFamily.IPV4_UNICAST);
        for (Update u : decodeAll(buf, o)) {
            assertThat(u.attributes()).isSameAs(attrs);
            for (int i = 0; i < u.nlri().size(); i++) {
                seen.addFrom(u.nlri(), i);
            }
        }
        assertThat(seen.build()).isEqualTo(prefixes);

        ByteBuf w = Unpooled.buffer();
        UpdatePacker.withdraw(prefixes, o, w);
        assertThat(decodeAll(w, o).stream().mapToInt(u -> u.withdrawn().size()).sum()).isEqualTo(5000);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void ipv6AnnouncementsGoInMpReachWithTheAttributesCopied(boolean extended) {
        CodecOptions o = new CodecOptions(true, extended);
        List<Ipv6Prefix> list = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            list.add(new Ipv6Prefix(0xfd00_0000_0000_0000L | (long) i << 16, 0, 64));
        }
        PrefixList prefixes = PrefixList.ipv6(list);
        AttributeSet attrs = AttributeSet.builder().origin(0).asPath(AsPath.sequence(65001)).localPref(100)
                .nextHop(NextHop.parse("fd00::1")).build();
        ByteBuf buf = Unpooled.buffer();
        UpdatePacker.announce(attrs, prefixes, o, buf);
        int total = 0;
        for (Update u : decodeAll(buf, o)) {
            assertThat(u.mpAttributes()).isSameAs(attrs);
            total += u.mpReach().size();
        }
        assertThat(total).isEqualTo(3000);
        ByteBuf w = Unpooled.buffer();
        UpdatePacker.withdraw(prefixes, o, w);
        assertThat(decodeAll(w, o).stream().mapToInt(u -> u.mpUnreach().size()).sum()).isEqualTo(3000);
    }
}
