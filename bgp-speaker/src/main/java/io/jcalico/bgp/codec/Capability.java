package io.jcalico.bgp.codec;

import io.jcalico.bgp.codec.nlri.AddressFamily;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** A capability advertised in OPEN (RFC 5492). Codes we do not know round-trip as {@link Unknown}. */
public sealed interface Capability {
    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ENHANCED_ROUTE_REFRESH = 70;

    int code();

    /** RFC 4760. */
    record MultiProtocol(AddressFamily family) implements Capability {
        @Override
        public int code() {
            return MULTIPROTOCOL;
        }
    }

    /** RFC 2918. */
    record RouteRefreshSupport() implements Capability {
        @Override
        public int code() {
            return ROUTE_REFRESH;
        }
    }

    /** RFC 7313. */
    record EnhancedRouteRefresh() implements Capability {
        @Override
        public int code() {
            return ENHANCED_ROUTE_REFRESH;
        }
    }

    /** RFC 8654. */
    record ExtendedMessage() implements Capability {
        @Override
        public int code() {
            return EXTENDED_MESSAGE;
        }
    }

    /** RFC 6793. */
    record FourOctetAs(long asn) implements Capability {
        @Override
        public int code() {
            return FOUR_OCTET_AS;
        }
    }

    /**
     * RFC 4724: restart state (R), notification support (N, RFC 8538), restart time in seconds, and
     * per family whether forwarding state was preserved (F).
     */
    record GracefulRestart(boolean restarting, boolean notification, int restartTime, List<Family> families)
            implements Capability {
        public GracefulRestart {
            if (restartTime < 0 || restartTime > 4095) {
                throw new IllegalArgumentException("restart time " + restartTime);
            }
            families = List.copyOf(families);
        }

        public record Family(AddressFamily family, boolean forwardingPreserved) {
        }

        @Override
        public int code() {
            return GRACEFUL_RESTART;
        }

        public boolean covers(AddressFamily family) {
            return families.stream().anyMatch(f -> f.family().equals(family));
        }
    }

    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * code + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Capability" + code + "[" + HexFormat.of().formatHex(value) + "]";
        }
    }
}
