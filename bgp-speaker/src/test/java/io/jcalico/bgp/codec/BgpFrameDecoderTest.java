package io.jcalico.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** Framing through a real pipeline: split and coalesced input, size caps, header errors. */
class BgpFrameDecoderTest {

    private static ByteBuf encode(BgpMessage m, CodecOptions o) {
        ByteBuf b = Unpooled.buffer();
        BgpMessageWriter.write(m, o, b);
        return b;
    }

    private static EmbeddedChannel channel(CodecOptions o) {
        EmbeddedChannel ch = new EmbeddedChannel(new BgpFrameDecoder());
        ch.attr(CodecOptions.KEY).set(o);
        return ch;
    }

    @Test
    void wholeMessageInGivesOneMessageOutAndNothingLeft() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        assertThat(ch.writeInbound(encode(Keepalive.INSTANCE, CodecOptions.DEFAULT))).isTrue();
        assertThat((Object) ch.readInbound()).isEqualTo(Keepalive.INSTANCE);
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void messageArrivingByteByByteIsAssembledOnce() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        ByteBuf msg = encode(RouteRefresh.request(AddressFamily.IPV4_UNICAST), CodecOptions.DEFAULT);
        while (msg.readableBytes() > 1) {
            assertThat(ch.writeInbound(msg.readRetainedSlice(1))).isFalse();
        }
        assertThat(ch.writeInbound(msg.readRetainedSlice(1))).isTrue();
        assertThat((Object) ch.readInbound()).isEqualTo(RouteRefresh.request(AddressFamily.IPV4_UNICAST));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void severalMessagesInOneReadComeOutInOrder() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        ByteBuf both = Unpooled.wrappedBuffer(encode(Keepalive.INSTANCE, CodecOptions.DEFAULT),
                encode(new Notification(6, 3), CodecOptions.DEFAULT));
        ch.writeInbound(both);
        assertThat((Object) ch.readInbound()).isEqualTo(Keepalive.INSTANCE);
        assertThat((Object) ch.readInbound()).isEqualTo(new Notification(6, 3));
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void truncatedMessageYieldsNothing() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        ByteBuf msg = encode(new Notification(6, 2), CodecOptions.DEFAULT);
        ch.writeInbound(msg.readRetainedSlice(msg.readableBytes() - 1));
        assertThat((Object) ch.readInbound()).isNull();
        ch.close();
    }

    @Test
    void badMarkerIsConnectionNotSynchronizedAndTheRestIsDropped() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        ByteBuf bad = encode(Keepalive.INSTANCE, CodecOptions.DEFAULT);
        bad.setByte(3, 0);
        ch.writeInbound(Unpooled.wrappedBuffer(bad, encode(Keepalive.INSTANCE, CodecOptions.DEFAULT)));
        MalformedMessage m = ch.readInbound();
        assertThat(m.notification()).isEqualTo(new Notification(ErrorCodes.MESSAGE_HEADER, ErrorCodes.CONNECTION_NOT_SYNCHRONIZED));
        ch.writeInbound(encode(Keepalive.INSTANCE, CodecOptions.DEFAULT));
        assertThat((Object) ch.readInbound()).isNull();
        assertThat(ch.finish()).isFalse();
    }

    @Test
    void lengthAboveCapIsBadMessageLengthWithTheLengthAsData() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        ByteBuf hdr = Unpooled.buffer();
        hdr.writeLong(-1).writeLong(-1).writeShort(4097).writeByte(BgpMessage.TYPE_UPDATE);
        ch.writeInbound(hdr);
        MalformedMessage m = ch.readInbound();
        assertThat(m.notification()).isEqualTo(Notification.withShort(ErrorCodes.MESSAGE_HEADER, ErrorCodes.BAD_MESSAGE_LENGTH, 4097));
    }

    @Test
    void extendedMessagesRaiseTheCapForUpdatesButNotForKeepalives() {
        EmbeddedChannel ch = channel(new CodecOptions(true, true));
        ByteBuf big = Unpooled.buffer();
        big.writeLong(-1).writeLong(-1).writeShort(10000).writeByte(BgpMessage.TYPE_UPDATE);
        big.writeShort(0).writeShort(0).writeZero(10000 - 23); // 9977 zero bytes: NLRI of 0.0.0.0/0 each
        ch.writeInbound(big);
        Update u = ch.readInbound();
        assertThat(u.nlri().size()).isEqualTo(9977);
        ByteBuf ka = Unpooled.buffer();
        ka.writeLong(-1).writeLong(-1).writeShort(20).writeByte(BgpMessage.TYPE_KEEPALIVE).writeByte(0);
        ch.writeInbound(ka);
        MalformedMessage m = ch.readInbound();
        assertThat(m.notification().subcode()).isEqualTo(ErrorCodes.BAD_MESSAGE_LENGTH);
    }

    @Test
    void unknownTypeIsBadMessageType() {
        EmbeddedChannel ch = channel(CodecOptions.DEFAULT);
        ByteBuf hdr = Unpooled.buffer();
        hdr.writeLong(-1).writeLong(-1).writeShort(19).writeByte(9);
        ch.writeInbound(hdr);
        MalformedMessage m = ch.readInbound();
        assertThat(m.notification()).isEqualTo(new Notification(ErrorCodes.MESSAGE_HEADER, ErrorCodes.BAD_MESSAGE_TYPE, new byte[] {9}));
    }

    @Test
    void encoderWritesThroughThePipeline() {
        EmbeddedChannel ch = new EmbeddedChannel(BgpMessageEncoder.INSTANCE);
        ch.writeOutbound(Keepalive.INSTANCE);
        ByteBuf out = ch.readOutbound();
        assertThat(out.readableBytes()).isEqualTo(19);
        out.release();
        assertThat(ch.finish()).isFalse();
    }
}
