package io.jcalico.bgp.codec;

/** A message that must be answered with a NOTIFICATION and a session reset. */
public final class MessageException extends RuntimeException {
    private final transient Notification notification;

    public MessageException(Notification notification, String reason) {
        super(reason, null, false, false);
        this.notification = notification;
    }

    public Notification notification() {
        return notification;
    }

    public MalformedMessage toMalformed() {
        return new MalformedMessage(notification, getMessage());
    }
}
