package io.jcalico.bgp.codec.attr;

import io.jcalico.bgp.codec.ErrorCodes;

/**
 * One problem found in an UPDATE: the NOTIFICATION code/subcode that names it, the RFC 7606
 * handling, and a readable reason for the log.
 */
public record AttributeError(int code, int subcode, Verdict verdict, String reason) {

    public static AttributeError update(int subcode, Verdict verdict, String reason) {
        return new AttributeError(ErrorCodes.UPDATE_MESSAGE, subcode, verdict, reason);
    }

    @Override
    public String toString() {
        return ErrorCodes.describe(code, subcode) + " (" + verdict + "): " + reason;
    }
}
