package io.jcalico.bgp.codec;

/** A BGP-4 message (RFC 4271 §4). Every message is an immutable value. */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {
    int MARKER_LENGTH = 16;
    int HEADER_LENGTH = 19;
    /** RFC 4271 maximum, until both sides announce extended messages (RFC 8654). */
    int MAX_LENGTH = 4096;
    int MAX_EXTENDED_LENGTH = 65535;

    int TYPE_OPEN = 1;
    int TYPE_UPDATE = 2;
    int TYPE_NOTIFICATION = 3;
    int TYPE_KEEPALIVE = 4;
    int TYPE_ROUTE_REFRESH = 5;

    int type();
}
