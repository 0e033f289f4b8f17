package io.jcalico.bgp.codec;

/**
 * What the decoder emits instead of a message it could not accept: the NOTIFICATION to send before
 * closing and why. After one, the decoder discards the rest of the stream.
 */
public record MalformedMessage(Notification notification, String reason) {
    @Override
    public String toString() {
        return "malformed message (" + reason + "): " + notification;
    }
}
