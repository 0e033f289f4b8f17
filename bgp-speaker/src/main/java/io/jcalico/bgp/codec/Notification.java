package io.jcalico.bgp.codec;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * NOTIFICATION: code, subcode and data. For Cease/Administrative Shutdown and Reset the data may be
 * a shutdown communication (RFC 8203, length extended to 255 by RFC 9003): a length octet, UTF-8.
 */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {
    public static final int MAX_SHUTDOWN_COMMUNICATION = 255;

    public Notification {
        if (code < 0 || code > 255 || subcode < 0 || subcode > 255) {
            throw new IllegalArgumentException("code/subcode " + code + "/" + subcode);
        }
        data = data == null ? new byte[0] : data.clone();
    }

    public Notification(int code, int subcode) {
        this(code, subcode, new byte[0]);
    }

    /** A Cease with a shutdown communication, truncated to 255 bytes on a character boundary. */
    public static Notification shutdown(int subcode, String message) {
        byte[] utf8 = truncateUtf8(message == null ? "" : message, MAX_SHUTDOWN_COMMUNICATION);
        byte[] data = new byte[1 + utf8.length];
        data[0] = (byte) utf8.length;
        System.arraycopy(utf8, 0, data, 1, utf8.length);
        return new Notification(ErrorCodes.CEASE, subcode, utf8.length == 0 ? new byte[0] : data);
    }

    private static byte[] truncateUtf8(String s, int max) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        if (b.length <= max) {
            return b;
        }
        int end = max;
        while (end > 0 && (b[end] & 0xC0) == 0x80) {
            end--; // do not cut a multi-byte character
        }
        return Arrays.copyOf(b, end);
    }

    /** A header/OPEN/UPDATE error whose data is a 2-octet value (e.g. the bad length). */
    public static Notification withShort(int code, int subcode, int value) {
        return new Notification(code, subcode, new byte[] {(byte) (value >>> 8), (byte) value});
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    int dataLength() {
        return data.length;
    }

    byte[] rawData() {
        return data;
    }

    /** The shutdown communication if this is a Cease shutdown/reset carrying a valid one, else null. */
    public String shutdownCommunication() {
        if (code != ErrorCodes.CEASE || (subcode != ErrorCodes.CEASE_ADMIN_SHUTDOWN && subcode != ErrorCodes.CEASE_ADMIN_RESET)
                || data.length == 0 || (data[0] & 0xFF) != data.length - 1) {
            return null;
        }
        return new String(data, 1, data.length - 1, StandardCharsets.UTF_8);
    }

    @Override
    public int type() {
        return TYPE_NOTIFICATION;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Notification n && n.code == code && n.subcode == subcode && Arrays.equals(n.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * code + subcode) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        String comm = shutdownCommunication();
        String tail = comm != null ? " \"" + comm + "\"" : data.length > 0 ? " data " + HexFormat.of().formatHex(data) : "";
        return "NOTIFICATION " + ErrorCodes.describe(code, subcode) + tail;
    }
}
