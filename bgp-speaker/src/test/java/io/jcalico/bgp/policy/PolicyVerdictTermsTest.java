package io.jcalico.bgp.policy;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.attr.AttributeSet;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Filter terms as Calico's BGPFilter needs them: inverted prefix conditions and "learned routes only". */
class PolicyVerdictTermsTest {
    private static final AttributeSet ATTRS = AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP).build();

    /** Runs the policy on a route; true when it is accepted. */
    private static boolean accepts(Policy p, String prefix, boolean learned) {
        IPAddress a = new IPAddressString(prefix).getAddress();
        BigInteger top = a.getValue().shiftLeft(128 - a.getBitCount());
        long hi = top.shiftRight(64).longValue();
        long lo = top.longValue();
        return p.apply(a.isIPv4(), hi, lo, a.getNetworkPrefixLength(), ATTRS, learned) != null;
    }

    @Test
    void outsideTermRejectsOnlyRoutesNotInThePrefix() {
        Policy p = new Policy("notin", List.of(Statement.verdict(List.of(PrefixMatch.parse("198.18.0.0/16 le 32")),
                true, false, false)), true);
        assertThat(accepts(p, "198.18.4.0/26", true)).isTrue();
        assertThat(accepts(p, "198.19.4.0/26", true)).isFalse();
        assertThat(accepts(p, "fd00::/64", true)).as("another family is outside too").isFalse();
    }

    @Test
    void firstMatchingTermDecidesThenTheDefault() {
        Policy p = new Policy("f", List.of(
                Statement.verdict(List.of(PrefixMatch.parse("198.18.4.0/26")), false, false, true),
                Statement.verdict(List.of(PrefixMatch.parse("198.18.0.0/16 le 32")), false, false, false)), true);
        assertThat(accepts(p, "198.18.4.0/26", true)).as("exact match accepted first").isTrue();
        assertThat(accepts(p, "198.18.5.0/26", true)).as("inside the /16: rejected").isFalse();
        assertThat(accepts(p, "203.0.113.0/24", true)).as("no term matched: default accept").isTrue();
    }

    @Test
    void learnedOnlyTermLeavesOriginatedRoutesAlone() {
        Policy p = new Policy("remote", List.of(Statement.verdict(List.of(), false, true, false)), true);
        assertThat(accepts(p, "198.18.4.0/26", true)).isFalse();
        assertThat(accepts(p, "198.18.4.0/26", false)).isTrue();
    }
}
