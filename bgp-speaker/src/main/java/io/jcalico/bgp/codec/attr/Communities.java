package io.jcalico.bgp.codec.attr;

/** Standard (RFC 1997) and large (RFC 8092) communities: well-known values, text form. */
public final class Communities {
    private Communities() {
    }

    public static final int NO_EXPORT = 0xFFFFFF01;
    public static final int NO_ADVERTISE = 0xFFFFFF02;
    public static final int NO_EXPORT_SUBCONFED = 0xFFFFFF03;

    /** "65000:100", or a well-known name such as "no-export". */
    public static int parse(String text) {
        switch (text.toLowerCase()) {
            case "no-export":
            case "no_export":
                return NO_EXPORT;
            case "no-advertise":
            case "no_advertise":
                return NO_ADVERTISE;
            case "no-export-subconfed":
            case "no_export_subconfed":
                return NO_EXPORT_SUBCONFED;
            default:
                break;
        }
        String[] p = text.split(":");
        if (p.length != 2) {
            throw new IllegalArgumentException("community must be ASN:value: " + text);
        }
        int hi = Integer.parseInt(p[0].trim());
        int lo = Integer.parseInt(p[1].trim());
        if (hi < 0 || hi > 0xFFFF || lo < 0 || lo > 0xFFFF) {
            throw new IllegalArgumentException("community out of range: " + text);
        }
        return hi << 16 | lo;
    }

    public static String format(int community) {
        return switch (community) {
            case NO_EXPORT -> "no-export";
            case NO_ADVERTISE -> "no-advertise";
            case NO_EXPORT_SUBCONFED -> "no-export-subconfed";
            default -> (community >>> 16) + ":" + (community & 0xFFFF);
        };
    }

    /** "a:b:c" into three ints (global administrator, local data 1, local data 2). */
    public static int[] parseLarge(String text) {
        String[] p = text.split(":");
        if (p.length != 3) {
            throw new IllegalArgumentException("large community must be a:b:c: " + text);
        }
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            long v = Long.parseLong(p[i].trim());
            if (v < 0 || v > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("large community out of range: " + text);
            }
            out[i] = (int) v;
        }
        return out;
    }

    public static String formatLarge(int[] triples, int index) {
        return Integer.toUnsignedString(triples[3 * index]) + ":" + Integer.toUnsignedString(triples[3 * index + 1])
                + ":" + Integer.toUnsignedString(triples[3 * index + 2]);
    }
}
