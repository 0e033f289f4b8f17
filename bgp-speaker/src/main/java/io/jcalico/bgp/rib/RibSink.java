package io.jcalico.bgp.rib;

import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.PrefixList;

/** Where a peer's outgoing routes go (the session); the RIB calls it from its single thread. */
public interface RibSink {
    /** False while the connection's buffer is full; the RIB keeps changes queued and coalesced. */
    boolean ready();

    void announce(AttributeSet attributes, PrefixList prefixes);

    void withdraw(PrefixList prefixes);

    void endOfRib(AddressFamily family);

    /** RFC 7313 Beginning of Route Refresh: what follows replaces everything we sent of the family. */
    void beginOfRefresh(AddressFamily family);

    /** RFC 7313 End of Route Refresh: the peer drops what the refresh did not repeat. */
    void endOfRefresh(AddressFamily family);

    void flush();
}
