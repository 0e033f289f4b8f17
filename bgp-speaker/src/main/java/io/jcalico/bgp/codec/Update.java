package io.jcalico.bgp.codec;

import io.jcalico.bgp.codec.attr.AttributeError;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.attr.Verdict;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.PrefixList;
import java.util.List;

/**
 * UPDATE: IPv4 withdrawn routes and NLRI in the classic fields, other families (and IPv4 if a peer
 * chooses) in MP_REACH_NLRI/MP_UNREACH_NLRI. {@code attributes} is null when the message announces
 * nothing; {@code mpReach}/{@code mpUnreach} are null when the attribute is absent. {@code errors}
 * lists what RFC 7606 lets us survive: with {@link Verdict#TREAT_AS_WITHDRAW} every announced prefix
 * must be handled as withdrawn, with {@link Verdict#ATTRIBUTE_DISCARD} the routes stand without the
 * bad attribute.
 */
public record Update(PrefixList withdrawn, AttributeSet attributes, PrefixList nlri,
                     PrefixList mpReach, NextHop mpNextHop, PrefixList mpUnreach,
                     List<AttributeError> errors) implements BgpMessage {

    public Update {
        errors = List.copyOf(errors);
        if (mpReach != null && mpNextHop == null) {
            throw new IllegalArgumentException("MP_REACH_NLRI needs a next hop");
        }
        if (attributes == null && (!nlri.isEmpty() || mpReach != null && !mpReach.isEmpty())) {
            throw new IllegalArgumentException("announced prefixes need attributes");
        }
    }

    /** Announces prefixes: IPv4 in the NLRI field (NEXT_HOP from the set), others in MP_REACH. */
    public static Update announce(AttributeSet attributes, PrefixList prefixes) {
        if (prefixes.family().equals(AddressFamily.IPV4_UNICAST) && attributes.nextHop() instanceof NextHop.V4) {
            return new Update(PrefixList.EMPTY_IPV4, attributes, prefixes, null, null, null, List.of());
        }
        return new Update(PrefixList.EMPTY_IPV4, attributes, PrefixList.EMPTY_IPV4, prefixes, attributes.nextHop(),
                null, List.of());
    }

    public static Update withdraw(PrefixList prefixes) {
        if (prefixes.family().equals(AddressFamily.IPV4_UNICAST)) {
            return new Update(prefixes, null, PrefixList.EMPTY_IPV4, null, null, null, List.of());
        }
        return new Update(PrefixList.EMPTY_IPV4, null, PrefixList.EMPTY_IPV4, null, null, prefixes, List.of());
    }

    /** The End-of-RIB marker of a family (RFC 4724 §2). */
    public static Update endOfRib(AddressFamily family) {
        return withdraw(PrefixList.empty(family));
    }

    @Override
    public int type() {
        return TYPE_UPDATE;
    }

    /** The worst RFC 7606 verdict among {@link #errors()}, null when the message is clean. */
    public Verdict verdict() {
        Verdict v = null;
        for (AttributeError e : errors) {
            v = e.verdict().worst(v);
        }
        return v;
    }

    public boolean treatAsWithdraw() {
        return verdict() == Verdict.TREAT_AS_WITHDRAW;
    }

    /** The family this message is the End-of-RIB marker of, or null. */
    public AddressFamily endOfRibFamily() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty() || mpReach != null) {
            return null;
        }
        if (mpUnreach == null) {
            return attributes == null ? AddressFamily.IPV4_UNICAST : null;
        }
        return mpUnreach.isEmpty() ? mpUnreach.family() : null;
    }

    /** Attributes of the MP_REACH routes: the set with the MP next hop in place of NEXT_HOP. */
    public AttributeSet mpAttributes() {
        return attributes == null || mpNextHop == null ? attributes : attributes.withNextHop(mpNextHop);
    }

    /** Number of prefixes announced and withdrawn, for counters. */
    public int prefixCount() {
        return withdrawn.size() + nlri.size() + (mpReach == null ? 0 : mpReach.size())
                + (mpUnreach == null ? 0 : mpUnreach.size());
    }
}
