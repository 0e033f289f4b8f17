package io.jcalico.bgp.api;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.fsm.SessionState;
import io.jcalico.bgp.rib.Path;
import io.jcalico.bgp.server.PeerStatus;
import io.jcalico.proto.bgp.FamilyCounters;
import io.jcalico.proto.bgp.PeerConfig;
import java.util.ArrayList;
import java.util.List;

/** Domain values to and from the proto messages of jcalico/bgp.proto, at the API's edge. */
final class ProtoMapping {
    private ProtoMapping() {
    }

    static io.jcalico.proto.bgp.AddressFamily family(AddressFamily f) {
        return f.isIpv4() ? io.jcalico.proto.bgp.AddressFamily.IPV4_UNICAST : io.jcalico.proto.bgp.AddressFamily.IPV6_UNICAST;
    }

    static List<AddressFamily> families(io.jcalico.proto.bgp.AddressFamily f) {
        return switch (f) {
            case IPV4_UNICAST -> List.of(AddressFamily.IPV4_UNICAST);
            case IPV6_UNICAST -> List.of(AddressFamily.IPV6_UNICAST);
            default -> List.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        };
    }

    static io.jcalico.proto.bgp.SessionState state(SessionState s) {
        return switch (s) {
            case IDLE -> io.jcalico.proto.bgp.SessionState.IDLE;
            case CONNECT -> io.jcalico.proto.bgp.SessionState.CONNECT;
            case ACTIVE -> io.jcalico.proto.bgp.SessionState.ACTIVE;
            case OPEN_SENT -> io.jcalico.proto.bgp.SessionState.OPEN_SENT;
            case OPEN_CONFIRM -> io.jcalico.proto.bgp.SessionState.OPEN_CONFIRM;
            case ESTABLISHED -> io.jcalico.proto.bgp.SessionState.ESTABLISHED;
        };
    }

    static PeerConfig peerConfig(NeighborConfig c) {
        PeerConfig.Builder b = PeerConfig.newBuilder().setAddress(c.address()).setPeerAs((int) c.asn())
                .setPort(c.port() == null ? 0 : c.port()).setPassive(Boolean.TRUE.equals(c.passive()))
                .setHoldTime(c.holdTime() == null ? 0 : c.holdTime())
                .setRouteReflectorClient(Boolean.TRUE.equals(c.routeReflectorClient()))
                .setNextHopSelf(Boolean.TRUE.equals(c.nextHopSelf()))
                .setMaxPrefixes(c.maxPrefixes() == null ? 0 : c.maxPrefixes())
                .setGracefulRestart(!Boolean.FALSE.equals(c.gracefulRestart()));
        if (c.localAddress() != null) {
            b.setLocalAddress(c.localAddress());
        }
        if (c.description() != null) {
            b.setDescription(c.description());
        }
        if (c.importPolicy() != null) {
            b.setImportPolicy(c.importPolicy());
        }
        if (c.exportPolicy() != null) {
            b.setExportPolicy(c.exportPolicy());
        }
        return b.build();
    }

    static NeighborConfig neighbor(PeerConfig p) {
        List<String> fams = p.getFamiliesList().stream().map(f -> f == io.jcalico.proto.bgp.AddressFamily.IPV6_UNICAST
                ? "ipv6-unicast" : "ipv4-unicast").toList();
        return new NeighborConfig(p.getAddress(), p.getPort() == 0 ? null : p.getPort(), Integer.toUnsignedLong(p.getPeerAs()),
                p.getPassive(), p.getHoldTime() == 0 ? null : p.getHoldTime(), p.getRouteReflectorClient(),
                emptyToNull(p.getLocalAddress()), p.getNextHopSelf(), null, null, fams.isEmpty() ? null : fams,
                p.getMaxPrefixes(), emptyToNull(p.getImportPolicy()), emptyToNull(p.getExportPolicy()),
                emptyToNull(p.getDescription()), p.getGracefulRestart() ? null : Boolean.FALSE);
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static io.jcalico.proto.bgp.PeerStatus peerStatus(PeerStatus s) {
        io.jcalico.proto.bgp.PeerStatus.Builder b = io.jcalico.proto.bgp.PeerStatus.newBuilder()
                .setConfig(peerConfig(s.config())).setState(state(s.state())).setStateSinceUnixMs(s.stateSinceMillis())
                .setUptimeMs(s.uptimeMillis()).setRemoteRouterId(s.remoteRouterId())
                .setNegotiatedHoldTime(s.negotiatedHoldTime()).setLastError(s.lastError())
                .setUpdatesReceived(s.updatesReceived()).setUpdatesSent(s.updatesSent());
        s.counters().forEach((f, c) -> b.addCounters(FamilyCounters.newBuilder().setFamily(family(f))
                .setReceived(c.received()).setAccepted(c.accepted()).setAdvertised(c.advertised())));
        return b.build();
    }

    static io.jcalico.proto.bgp.Path path(IPAddress prefix, AttributeSet a, String source, boolean best, boolean stale) {
        io.jcalico.proto.bgp.Path.Builder b = io.jcalico.proto.bgp.Path.newBuilder()
                .setPrefix(prefix.toCanonicalString()).setOrigin(a.origin()).setSourcePeer(source).setBest(best)
                .setStale(stale);
        if (a.nextHop() != null) {
            b.setNextHop(a.nextHop().address().toCanonicalString());
        }
        for (long asn : a.asPath().flatten()) {
            b.addAsPath((int) asn);
        }
        if (a.hasMed()) {
            b.setMed((int) a.med());
        }
        if (a.hasLocalPref()) {
            b.setLocalPref((int) a.localPref());
        }
        for (int c : a.communities()) {
            b.addCommunities(Communities.format(c));
        }
        int[] large = a.largeCommunities();
        for (int i = 0; i < large.length / 3; i++) {
            b.addLargeCommunities(Communities.formatLarge(large, i));
        }
        return b.build();
    }

    static io.jcalico.proto.bgp.Path path(IPAddress prefix, Path p, boolean best) {
        AttributeSet a = p.attributes() != null ? p.attributes() : p.received();
        return path(prefix, a, p.local() ? "" : p.source().address().toCanonicalString(), best, p.stale());
    }

    static IPAddress prefix(String text) {
        IPAddress a = new IPAddressString(text).getAddress();
        if (a == null) {
            throw new IllegalArgumentException("not a prefix: " + text);
        }
        return a.toPrefixBlock();
    }

    /** Attributes of a path to originate (AddPath). */
    static AttributeSet attributes(io.jcalico.proto.bgp.Path p) {
        AttributeSet.Builder b = AttributeSet.builder().origin(p.getOrigin());
        if (!p.getNextHop().isEmpty()) {
            b.nextHop(NextHop.parse(p.getNextHop()));
        }
        if (p.getAsPathCount() > 0) {
            b.asPath(AsPath.sequence(p.getAsPathList().stream().mapToLong(Integer::toUnsignedLong).toArray()));
        }
        if (p.hasMed()) {
            b.med(Integer.toUnsignedLong(p.getMed()));
        }
        if (p.hasLocalPref()) {
            b.localPref(Integer.toUnsignedLong(p.getLocalPref()));
        }
        b.communities(p.getCommunitiesList().stream().mapToInt(Communities::parse).toArray());
        List<Integer> large = new ArrayList<>();
        for (String l : p.getLargeCommunitiesList()) {
            for (int v : Communities.parseLarge(l)) {
                large.add(v);
            }
        }
        b.largeCommunities(large.stream().mapToInt(Integer::intValue).toArray());
        return b.build();
    }
}
