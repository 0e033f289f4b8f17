package io.jcalico.bgp.codec.attr;

import java.util.Arrays;
import java.util.HexFormat;

/** A path attribute we do not recognise, kept verbatim to pass on (optional transitive ones). */
public record UnknownAttribute(int flags, int type, byte[] value) {
    public UnknownAttribute {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    int length() {
        return value.length;
    }

    byte[] rawValue() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnknownAttribute u && u.flags == flags && u.type == type && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * flags + type) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "attr" + type + "(flags 0x" + Integer.toHexString(flags) + ")=" + HexFormat.of().formatHex(value);
    }
}
