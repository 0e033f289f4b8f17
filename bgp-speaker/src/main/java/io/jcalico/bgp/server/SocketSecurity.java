package io.jcalico.bgp.server;

import io.netty.channel.Channel;
import io.netty.channel.unix.UnixChannel;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * RFC 5082 (GTSM) on a session's socket: send with TTL (hop limit) 255 and drop segments that
 * arrive with less than {@code 256 - hops}, as BIRD's {@code ttl security on; multihop hops}.
 * Netty's epoll transport has no option for IP_MINTTL, so this calls setsockopt on the channel's
 * file descriptor through jnr-ffi. IPv4 options also work on a dual-stack (AF_INET6) socket
 * carrying an IPv4 peer.
 */
final class SocketSecurity {
    // <linux/in.h>, <linux/in6.h>
    private static final int SOL_IP = 0;
    private static final int IP_TTL = 2;
    private static final int IP_MINTTL = 21;
    private static final int SOL_IPV6 = 41;
    private static final int IPV6_UNICAST_HOPS = 16;
    private static final int IPV6_MINHOPCOUNT = 73;
    static final int MAX_TTL = 255;

    /** Public only because jnr-ffi generates the implementation in its own class loader. */
    public interface LibC {
        @SaveError
        int setsockopt(int fd, int level, int optname, @In int[] optval, int optlen);
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).failImmediately()
                .load(Platform.getNativePlatform().getStandardCLibraryName());
    }

    private SocketSecurity() {
    }

    /** The lowest TTL accepted from a peer {@code hops} hops away (1: directly connected). */
    static int minTtl(int hops) {
        if (hops < 1 || hops > MAX_TTL) {
            throw new IllegalArgumentException("ttlSecurity hops must be 1..255: " + hops);
        }
        return MAX_TTL + 1 - hops;
    }

    /** Outgoing TTL 255 for a peer of this family (the listener's, so SYN-ACKs carry it too). */
    static void sendMaxTtl(Channel ch, boolean ipv4) {
        set(ch, ipv4 ? SOL_IP : SOL_IPV6, ipv4 ? IP_TTL : IPV6_UNICAST_HOPS, MAX_TTL);
    }

    /** TTL 255 out, and segments from the peer below {@link #minTtl} dropped by the kernel. */
    static void apply(Channel ch, boolean ipv4, int hops) {
        sendMaxTtl(ch, ipv4);
        set(ch, ipv4 ? SOL_IP : SOL_IPV6, ipv4 ? IP_MINTTL : IPV6_MINHOPCOUNT, minTtl(hops));
    }

    private static void set(Channel ch, int level, int option, int value) {
        if (!(ch instanceof UnixChannel u)) {
            throw new IllegalStateException("TTL security needs the epoll transport");
        }
        int fd = u.fd().intValue();
        if (Holder.LIBC.setsockopt(fd, level, option, new int[] {value}, Integer.BYTES) != 0) {
            int errno = jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getSystemRuntime());
            throw new IllegalStateException("setsockopt(" + level + ", " + option + ", " + value + ") failed: errno " + errno);
        }
    }
}
