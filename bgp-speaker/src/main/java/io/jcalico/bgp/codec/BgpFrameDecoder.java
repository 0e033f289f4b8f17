package io.jcalico.bgp.codec;

import static io.jcalico.bgp.codec.ErrorCodes.BAD_MESSAGE_LENGTH;
import static io.jcalico.bgp.codec.ErrorCodes.BAD_MESSAGE_TYPE;
import static io.jcalico.bgp.codec.ErrorCodes.CONNECTION_NOT_SYNCHRONIZED;
import static io.jcalico.bgp.codec.ErrorCodes.MESSAGE_HEADER;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Frames the byte stream on the 19-byte header (marker, length, type), enforces the size cap (4096,
 * or 65535 once {@link CodecOptions#extendedMessages()} is set; OPEN and KEEPALIVE never above
 * 4096) and hands each complete body to {@link BgpMessageParser}. Emits {@link BgpMessage}s, or one
 * {@link MalformedMessage} after which the stream is not trusted and further input is dropped.
 * Never throws for bad input.
 */
public final class BgpFrameDecoder extends ByteToMessageDecoder {
    private enum State { READ_FRAME, BAD_MESSAGE }

    private State state = State.READ_FRAME;

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        CodecOptions options = ctx.channel().attr(CodecOptions.KEY).get();
        decodeFrames(in, options == null ? CodecOptions.DEFAULT : options, out);
    }

    /** The framing loop, apart from Netty so it can be driven directly. */
    void decodeFrames(ByteBuf in, CodecOptions options, List<Object> out) {
        while (state == State.READ_FRAME && in.readableBytes() >= BgpMessage.HEADER_LENGTH) {
            int start = in.readerIndex();
            Object decoded = decodeFrame(in, start, options);
            if (decoded == null) {
                return; // wait for the rest of the frame
            }
            out.add(decoded);
            if (decoded instanceof MalformedMessage) {
                state = State.BAD_MESSAGE;
            }
        }
        if (state == State.BAD_MESSAGE) {
            in.skipBytes(in.readableBytes());
        }
    }

    private static Object decodeFrame(ByteBuf in, int start, CodecOptions options) {
        for (int i = 0; i < BgpMessage.MARKER_LENGTH; i++) {
            if (in.getByte(start + i) != (byte) 0xFF) {
                return new MalformedMessage(new Notification(MESSAGE_HEADER, CONNECTION_NOT_SYNCHRONIZED),
                        "marker is not all ones");
            }
        }
        int length = in.getUnsignedShort(start + 16);
        int type = in.getUnsignedByte(start + 18);
        String lengthProblem = checkLength(type, length, options.maxMessageLength());
        if (lengthProblem != null) {
            int subcode = lengthProblem.isEmpty() ? BAD_MESSAGE_TYPE : BAD_MESSAGE_LENGTH;
            Notification n = subcode == BAD_MESSAGE_TYPE
                    ? new Notification(MESSAGE_HEADER, BAD_MESSAGE_TYPE, new byte[] {(byte) type})
                    : Notification.withShort(MESSAGE_HEADER, BAD_MESSAGE_LENGTH, length);
            return new MalformedMessage(n, lengthProblem.isEmpty() ? "unknown message type " + type : lengthProblem);
        }
        if (in.readableBytes() < length) {
            return null;
        }
        ByteBuf body = in.slice(start + BgpMessage.HEADER_LENGTH, length - BgpMessage.HEADER_LENGTH);
        in.skipBytes(length);
        try {
            return BgpMessageParser.parse(type, body, options);
        } catch (MessageException e) {
            return e.toMalformed();
        } catch (IndexOutOfBoundsException e) {
            // A parser read past its body: the lengths inside lied. Never expected, never fatal.
            return new MalformedMessage(new Notification(type == BgpMessage.TYPE_OPEN ? ErrorCodes.OPEN_MESSAGE
                    : type == BgpMessage.TYPE_UPDATE ? ErrorCodes.UPDATE_MESSAGE : MESSAGE_HEADER, 0),
                    "truncated message body: " + e.getMessage());
        }
    }

    /** Null if fine, "" for an unknown type, otherwise why the length is wrong. */
    private static String checkLength(int type, int length, int max) {
        int min;
        switch (type) {
            case BgpMessage.TYPE_OPEN -> {
                min = 29;
                max = BgpMessage.MAX_LENGTH;
            }
            case BgpMessage.TYPE_UPDATE -> min = 23;
            case BgpMessage.TYPE_NOTIFICATION -> min = 21;
            case BgpMessage.TYPE_KEEPALIVE -> {
                min = 19;
                max = 19;
            }
            case BgpMessage.TYPE_ROUTE_REFRESH -> min = 23;
            default -> {
                return length < BgpMessage.HEADER_LENGTH || length > max ? "length " + length : "";
            }
        }
        return length < min || length > max ? "length " + length + " for message type " + type : null;
    }
}
