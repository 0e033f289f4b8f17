package io.jcalico.bgp.codec;

/** KEEPALIVE: a bare header. */
public record Keepalive() implements BgpMessage {
    public static final Keepalive INSTANCE = new Keepalive();

    @Override
    public int type() {
        return TYPE_KEEPALIVE;
    }
}
