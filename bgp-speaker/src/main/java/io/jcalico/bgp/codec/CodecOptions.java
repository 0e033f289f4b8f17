package io.jcalico.bgp.codec;

import io.netty.util.AttributeKey;

/**
 * What the two ends negotiated that changes the wire format: 4-octet AS numbers (RFC 6793) and
 * extended messages (RFC 8654). The session sets it on the channel under {@link #KEY} after the OPEN
 * exchange; decoder and encoder read it per message, so they carry no state of their own.
 */
public record CodecOptions(boolean fourOctetAs, boolean extendedMessages) {
    public static final CodecOptions DEFAULT = new CodecOptions(false, false);
    public static final CodecOptions MODERN = new CodecOptions(true, false);
    public static final AttributeKey<CodecOptions> KEY = AttributeKey.valueOf(CodecOptions.class, "bgp");

    public int asnSize() {
        return fourOctetAs ? 4 : 2;
    }

    public int maxMessageLength() {
        return extendedMessages ? BgpMessage.MAX_EXTENDED_LENGTH : BgpMessage.MAX_LENGTH;
    }
}
