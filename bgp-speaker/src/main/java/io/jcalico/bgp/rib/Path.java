package io.jcalico.bgp.rib;

import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import io.jcalico.bgp.codec.attr.AttributeSet;
import java.util.Objects;

/**
 * A route as the RIB holds it: who it came from, the attributes as received, the attributes after
 * import policy (null: rejected, kept only for the Adj-RIB-In view) and whether it is stale (kept
 * across the peer's graceful restart). Interned: one object per distinct combination, so a table
 * entry costs one reference and all prefixes of an UPDATE share one path.
 */
public final class Path {
    private static final Interner<Path> INTERNER = Interners.newWeakInterner();

    private final RibPeer source;
    private final AttributeSet received;
    private final AttributeSet attributes;
    private final boolean stale;
    private final int hash;

    private Path(RibPeer source, AttributeSet received, AttributeSet attributes, boolean stale) {
        this.source = source;
        this.received = received;
        this.attributes = attributes;
        this.stale = stale;
        this.hash = Objects.hash(System.identityHashCode(source), received, attributes, stale);
    }

    static Path of(RibPeer source, AttributeSet received, AttributeSet attributes, boolean stale) {
        return INTERNER.intern(new Path(source, received, attributes, stale));
    }

    public RibPeer source() {
        return source;
    }

    public AttributeSet received() {
        return received;
    }

    /** The attributes after import policy; null when policy rejected the route. */
    public AttributeSet attributes() {
        return attributes;
    }

    public boolean eligible() {
        return attributes != null;
    }

    public boolean stale() {
        return stale;
    }

    public boolean local() {
        return source.kind() == RibPeer.Kind.LOCAL;
    }

    Path asStale() {
        return stale ? this : of(source, received, attributes, true);
    }

    @Override
    public boolean equals(Object o) {
        // attribute sets are interned, so identity is equality
        return o instanceof Path p && p.source == source && p.received == received && p.attributes == attributes
                && p.stale == stale;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return "Path[" + source + (stale ? ", stale" : "") + ", " + (attributes == null ? "rejected " + received : attributes) + "]";
    }
}
