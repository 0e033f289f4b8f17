package io.jcalico.bgp.interop;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;

/**
 * Our speaker and one daemon on two loopback addresses of their own, 127.0.79.(base+1) and
 * 127.0.79.(base+2): each test class picks a distinct base so classes never share an address.
 */
abstract class LoopbackPair {
    abstract int base();

    static IPAddress ip(String s) {
        return new IPAddressString(s).getAddress();
    }

    String ours() {
        return "127.0.79." + (base() + 1);
    }

    String theirs() {
        return "127.0.79." + (base() + 2);
    }
}
