package io.jcalico.bgp.server;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who the restarting speaker waits for before it advertises (RFC 4724 §4.1), and when the wait ends. */
class SelectionDeferralTest {
    static final IPAddress A = new IPAddressString("127.0.0.2").getAddress();
    static final IPAddress B = new IPAddressString("127.0.0.3").getAddress();
    static final Set<AddressFamily> BOTH = Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);

    int ended;
    final SelectionDeferral deferral = new SelectionDeferral(() -> ended++);

    @Test
    void endsOnlyWhenEveryPeerSentEndOfRibForEveryFamilyOfItsSession() {
        deferral.expect(A);
        deferral.expect(B);
        deferral.established(A, BOTH, true, false);
        deferral.endOfRib(A, AddressFamily.IPV4_UNICAST);
        deferral.endOfRib(A, AddressFamily.IPV6_UNICAST);
        assertThat(ended).isZero();
        assertThat(deferral.pending()).containsExactly(B);

        deferral.established(B, Set.of(AddressFamily.IPV4_UNICAST), true, false);
        deferral.endOfRib(B, AddressFamily.IPV6_UNICAST); // not of its session: no effect
        assertThat(ended).isZero();
        deferral.endOfRib(B, AddressFamily.IPV4_UNICAST);
        assertThat(ended).isOne();
        assertThat(deferral.active()).isFalse();
    }

    @Test
    void aPeerWithoutGracefulRestartOrRestartingItselfIsNotWaitedForOnceUp() {
        deferral.expect(A);
        deferral.expect(B);
        deferral.established(A, BOTH, false, false);
        assertThat(deferral.pending()).containsExactly(B);
        deferral.established(B, BOTH, true, true);
        assertThat(ended).isOne();
    }

    @Test
    void aPeerNotUpYetKeepsTheWaitGoingUntilRemovedOrTheTimer() {
        deferral.expect(A);
        deferral.expect(B);
        deferral.established(A, BOTH, true, false);
        BOTH.forEach(f -> deferral.endOfRib(A, f));
        assertThat(ended).isZero();
        deferral.forget(B);
        assertThat(ended).isOne();
    }

    @Test
    void theTimerEndsTheWaitWhateverIsPending() {
        deferral.expect(A);
        deferral.established(A, BOTH, true, false);
        deferral.endOfRib(A, AddressFamily.IPV4_UNICAST);
        deferral.expire();
        assertThat(ended).isOne();
        deferral.endOfRib(A, AddressFamily.IPV6_UNICAST);
        deferral.expire();
        assertThat(ended).as("ends once").isOne();
    }

    @Test
    void endOfRibAgainAfterTheSessionCameBackIsWaitedForAgain() {
        deferral.expect(A);
        deferral.expect(B);
        deferral.established(A, BOTH, true, false);
        deferral.endOfRib(A, AddressFamily.IPV4_UNICAST);
        // the session dropped and came back before the IPv6 End-of-RIB: both families are owed again
        deferral.established(A, BOTH, true, false);
        deferral.endOfRib(A, AddressFamily.IPV6_UNICAST);
        assertThat(deferral.pending()).contains(A);
    }

    @Test
    void withNobodyToWaitForItEndsOnlyByTheTimerSoLateAddedPeersAreWaitedFor() {
        assertThat(deferral.active()).isTrue();
        deferral.expect(A);
        deferral.established(A, Set.of(AddressFamily.IPV4_UNICAST), true, false);
        assertThat(ended).isZero();
        deferral.endOfRib(A, AddressFamily.IPV4_UNICAST);
        assertThat(ended).isOne();
        deferral.expect(B); // added after the wait: not waited for
        assertThat(deferral.pending()).isEmpty();
    }
}
