package io.jcalico.bgp.rib;

import io.jcalico.bgp.codec.attr.AttributeSet;
import java.util.List;

/**
 * RFC 4271 §9.1.2.2 best-path selection as a chain of small pure comparisons. Each returns
 * negative when {@code a} is better, positive when {@code b} is, 0 to defer to the next step;
 * {@link #compare} names the step that decided.
 */
public final class DecisionProcess {
    /** Assumed LOCAL_PREF of a route that carries none. */
    public static final long DEFAULT_LOCAL_PREF = 100;

    private DecisionProcess() {
    }

    /** One step of the chain. */
    @FunctionalInterface
    public interface Step {
        int compare(Path a, Path b);
    }

    public enum Reason {
        LOCAL_PREF(DecisionProcess::byLocalPref),
        LOCALLY_ORIGINATED(DecisionProcess::byLocalOrigin),
        AS_PATH_LENGTH(DecisionProcess::byAsPathLength),
        ORIGIN(DecisionProcess::byOrigin),
        MED(DecisionProcess::byMed),
        EBGP_OVER_IBGP(DecisionProcess::byPeerType),
        ROUTER_ID(DecisionProcess::byRouterId),
        CLUSTER_LIST_LENGTH(DecisionProcess::byClusterListLength),
        PEER_ADDRESS(DecisionProcess::byPeerAddress);

        private final Step step;

        Reason(Step step) {
            this.step = step;
        }

        public Step step() {
            return step;
        }
    }

    /** The outcome of comparing two paths: which is better and by which step. */
    public record Result(int order, Reason reason) {
    }

    private static final List<Reason> CHAIN = List.of(Reason.values());

    public static Result compare(Path a, Path b) {
        for (Reason r : CHAIN) {
            int c = r.step().compare(a, b);
            if (c != 0) {
                return new Result(c, r);
            }
        }
        return new Result(0, null);
    }

    /** True if {@code a} is preferred to {@code b} (allocation-free for the hot path). */
    public static boolean better(Path a, Path b) {
        for (Reason r : CHAIN) {
            int c = r.step().compare(a, b);
            if (c != 0) {
                return c < 0;
            }
        }
        return false;
    }

    static long localPref(AttributeSet a) {
        return a.hasLocalPref() ? a.localPref() : DEFAULT_LOCAL_PREF;
    }

    static int byLocalPref(Path a, Path b) {
        return Long.compare(localPref(b.attributes()), localPref(a.attributes()));
    }

    static int byLocalOrigin(Path a, Path b) {
        return Boolean.compare(b.local(), a.local());
    }

    static int byAsPathLength(Path a, Path b) {
        return Integer.compare(a.attributes().asPath().length(), b.attributes().asPath().length());
    }

    static int byOrigin(Path a, Path b) {
        return Integer.compare(a.attributes().origin(), b.attributes().origin());
    }

    /** MED counts only between routes from the same neighbouring AS; a missing MED is 0. */
    static int byMed(Path a, Path b) {
        if (a.attributes().asPath().firstAs() != b.attributes().asPath().firstAs()) {
            return 0;
        }
        long ma = a.attributes().hasMed() ? a.attributes().med() : 0;
        long mb = b.attributes().hasMed() ? b.attributes().med() : 0;
        return Long.compare(ma, mb);
    }

    static int byPeerType(Path a, Path b) {
        return Boolean.compare(b.source().kind() == RibPeer.Kind.EXTERNAL, a.source().kind() == RibPeer.Kind.EXTERNAL);
    }

    /** RFC 4456 §9: the ORIGINATOR_ID stands in for the router ID of a reflected route. */
    static long routerId(Path p) {
        return p.attributes().hasOriginatorId() ? p.attributes().originatorId() : Integer.toUnsignedLong(p.source().routerId());
    }

    static int byRouterId(Path a, Path b) {
        return Long.compare(routerId(a), routerId(b));
    }

    static int byClusterListLength(Path a, Path b) {
        return Integer.compare(a.attributes().clusterListLength(), b.attributes().clusterListLength());
    }

    static int byPeerAddress(Path a, Path b) {
        return a.source().address().compareTo(b.source().address());
    }
}
