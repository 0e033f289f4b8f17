package io.jcalico.bgp.rib;

import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.PrefixList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A sink that keeps what a peer was sent and the resulting view of its table. */
final class RecordingSink implements RibSink {
    final List<String> calls = new ArrayList<>();
    final Map<String, AttributeSet> table = new HashMap<>();
    int announceCalls;
    boolean ready = true;

    @Override
    public boolean ready() {
        return ready;
    }

    @Override
    public void announce(AttributeSet attributes, PrefixList prefixes) {
        announceCalls++;
        for (int i = 0; i < prefixes.size(); i++) {
            String p = prefixes.toIpAddress(i).toCanonicalString();
            table.put(p, attributes);
            calls.add("+" + p);
        }
    }

    @Override
    public void withdraw(PrefixList prefixes) {
        for (int i = 0; i < prefixes.size(); i++) {
            String p = prefixes.toIpAddress(i).toCanonicalString();
            table.remove(p);
            calls.add("-" + p);
        }
    }

    @Override
    public void endOfRib(AddressFamily family) {
        calls.add("EoR " + family);
    }

    @Override
    public void beginOfRefresh(AddressFamily family) {
        calls.add("BoRR " + family);
    }

    @Override
    public void endOfRefresh(AddressFamily family) {
        calls.add("EoRR " + family);
    }

    @Override
    public void flush() {
    }
}
