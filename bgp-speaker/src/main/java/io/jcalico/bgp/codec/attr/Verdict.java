package io.jcalico.bgp.codec.attr;

/**
 * What RFC 7606 says to do about a malformed UPDATE, mildest first: drop the attribute and use the
 * route, treat the UPDATE's routes as withdrawn, or reset the session with a NOTIFICATION.
 */
public enum Verdict {
    ATTRIBUTE_DISCARD,
    TREAT_AS_WITHDRAW,
    SESSION_RESET;

    public Verdict worst(Verdict other) {
        return other == null || other.ordinal() < ordinal() ? this : other;
    }
}
