package io.jcalico.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/**
 * Stateless encoder for {@link BgpMessage}s, one instance for every channel. Session options come
 * from the channel's {@link CodecOptions#KEY}. Pre-encoded {@code ByteBuf}s (packed UPDATEs) pass
 * through untouched.
 */
@Sharable
public final class BgpMessageEncoder extends MessageToByteEncoder<BgpMessage> {
    public static final BgpMessageEncoder INSTANCE = new BgpMessageEncoder();

    private BgpMessageEncoder() {
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, BgpMessage msg, ByteBuf out) {
        CodecOptions options = ctx.channel().attr(CodecOptions.KEY).get();
        BgpMessageWriter.write(msg, options == null ? CodecOptions.DEFAULT : options, out);
    }
}
