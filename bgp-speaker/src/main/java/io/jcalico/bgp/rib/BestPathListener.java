package io.jcalico.bgp.rib;

import inet.ipaddr.IPAddress;
import io.jcalico.bgp.codec.nlri.AddressFamily;

/** Told of every change of a Loc-RIB best path, on the RIB's thread; must not block. */
@FunctionalInterface
public interface BestPathListener {
    /** {@code best} is null when the prefix has no usable route any more. */
    void bestPathChanged(AddressFamily family, IPAddress prefix, Path best);
}
