package io.jcalico.bgp.policy;

import io.jcalico.bgp.codec.attr.AttributeSet;
import java.util.List;

/**
 * An import or export policy: statements tried in order; the first that accepts or rejects
 * decides, statements without a verdict only modify; the default decides the rest. Pure: no state
 * but a memo of attribute rewrites, so it is cheap per prefix.
 */
public record Policy(String name, List<Statement> statements, boolean defaultAccept) {
    public static final Policy ACCEPT_ALL = new Policy("accept-all", List.of(), true);
    public static final Policy REJECT_ALL = new Policy("reject-all", List.of(), false);

    public Policy {
        statements = List.copyOf(statements);
    }

    /** True when the outcome depends on the prefix, not only on the attributes. */
    public boolean dependsOnPrefix() {
        return statements.stream().anyMatch(Statement::dependsOnPrefix);
    }

    /**
     * Runs the policy on a route given as the top 128 bits of its prefix (IPv4 in the top 32 bits
     * of {@code hi}) and length. Returns the attributes to use (interned), or null to reject.
     */
    public AttributeSet apply(boolean ipv4, long hi, long lo, int length, AttributeSet attrs) {
        return apply(ipv4, hi, lo, length, attrs, true);
    }

    /** As {@link #apply(boolean, long, long, int, AttributeSet)}; {@code learned} is false for a route we originate. */
    public AttributeSet apply(boolean ipv4, long hi, long lo, int length, AttributeSet attrs, boolean learned) {
        AttributeSet a = attrs;
        for (Statement s : statements) {
            if (s.matches(ipv4, hi, lo, length, a, learned)) {
                a = s.apply(a);
                if (s.accept() != null) {
                    return s.accept() ? a : null;
                }
            }
        }
        return defaultAccept ? a : null;
    }
}
