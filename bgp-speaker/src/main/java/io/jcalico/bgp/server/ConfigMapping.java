package io.jcalico.bgp.server;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.Communities;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.PolicyConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.config.StaticRouteConfig;
import io.jcalico.bgp.fsm.SessionSettings;
import io.jcalico.bgp.policy.Policy;
import io.jcalico.bgp.policy.PrefixMatch;
import io.jcalico.bgp.policy.Statement;
import io.jcalico.bgp.rib.RibPeer;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Turns the YAML-facing config records into the domain's settings, policies and attributes. */
final class ConfigMapping {
    static final int DEFAULT_PORT = 179;
    static final int DEFAULT_CONNECT_RETRY = 5;
    static final int DEFAULT_RESTART_TIME = 120;
    static final Duration MAX_BACKOFF = Duration.ofSeconds(120);

    private ConfigMapping() {
    }

    static IPAddress address(String text) {
        IPAddress a = new IPAddressString(text).getAddress();
        if (a == null) {
            throw new IllegalArgumentException("not an IP address: " + text);
        }
        return a;
    }

    static int ipv4AsInt(String text) {
        IPAddress a = address(text);
        if (!a.isIPv4()) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        return a.toIPv4().intValue();
    }

    /** The families named, both unicast families when none are. */
    static Set<AddressFamily> families(List<String> names) {
        if (names == null || names.isEmpty()) {
            return Set.of(AddressFamily.IPV4_UNICAST, AddressFamily.IPV6_UNICAST);
        }
        return familiesNamed(names);
    }

    /** Exactly the families named (none for an empty list). */
    static Set<AddressFamily> familiesNamed(List<String> names) {
        Set<AddressFamily> out = new LinkedHashSet<>();
        for (String n : names) {
            out.add(switch (n.toLowerCase()) {
                case "ipv4-unicast", "ipv4", "ipv4_unicast" -> AddressFamily.IPV4_UNICAST;
                case "ipv6-unicast", "ipv6", "ipv6_unicast" -> AddressFamily.IPV6_UNICAST;
                default -> throw new IllegalArgumentException("unknown family " + n);
            });
        }
        return out;
    }

    static SessionSettings session(SpeakerConfig s, NeighborConfig n) {
        // a keepalive time asks for three of them per hold time, unless the hold time is given
        int hold = n.holdTime() != null ? n.holdTime()
                : n.keepaliveTime() != null ? Math.min(0xFFFF, 3 * n.keepaliveTime())
                : s.holdTime() != null ? s.holdTime() : SessionSettings.DEFAULT_HOLD_TIME;
        int retry = s.connectRetry() != null ? s.connectRetry() : DEFAULT_CONNECT_RETRY;
        int restart = Boolean.FALSE.equals(n.gracefulRestart()) ? -1
                : s.restartTime() != null ? s.restartTime() : DEFAULT_RESTART_TIME;
        return new SessionSettings(localAs(s, n), ipv4AsInt(s.routerId()), address(n.address()), n.asn(),
                Boolean.TRUE.equals(n.passive()), hold, Duration.ofSeconds(retry),
                MAX_BACKOFF.compareTo(Duration.ofSeconds(retry)) > 0 ? MAX_BACKOFF : Duration.ofSeconds(retry),
                families(n.families()), restart, Boolean.TRUE.equals(s.extendedMessages()),
                familiesNamed(s.forwardingPreserved()), n.keepaliveTime() == null ? 0 : n.keepaliveTime());
    }

    /** The AS we are towards this neighbour. */
    static long localAs(SpeakerConfig s, NeighborConfig n) {
        return n.localAsn() != null && n.localAsn() > 0 ? n.localAsn() : s.asn();
    }

    static RibPeer.Config ribPeer(SpeakerConfig s, NeighborConfig n, Map<String, Policy> policies) {
        return new RibPeer.Config(address(n.address()), n.asn(), Boolean.TRUE.equals(n.routeReflectorClient()),
                Boolean.TRUE.equals(n.nextHopSelf()), policy(n.importPolicy(), policies), policy(n.exportPolicy(), policies),
                n.nextHopV4() == null ? null : NextHop.of(address(n.nextHopV4())),
                n.nextHopV6() == null ? null : NextHop.of(address(n.nextHopV6())),
                n.maxPrefixes() == null ? 0 : n.maxPrefixes(), localAs(s, n),
                n.allowLocalAs() == null ? 0 : n.allowLocalAs(), Boolean.TRUE.equals(n.nextHopKeep()));
    }

    private static Policy policy(String name, Map<String, Policy> policies) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        Policy p = policies.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown policy " + name);
        }
        return p;
    }

    static Map<String, Policy> policies(SpeakerConfig s) {
        Map<String, Policy> out = new HashMap<>();
        s.policies().forEach((name, pc) -> out.put(name, policy(name, pc, s.asn())));
        return out;
    }

    static Policy policy(String name, PolicyConfig pc, long localAs) {
        List<Statement> statements = pc.statements() == null ? List.of() : pc.statements().stream().map(sc -> {
            Boolean accept = switch (sc.action() == null ? "next" : sc.action().toLowerCase()) {
                case "accept", "permit" -> Boolean.TRUE;
                case "reject", "deny" -> Boolean.FALSE;
                case "next" -> null;
                default -> throw new IllegalArgumentException("action must be accept, reject or next: " + sc.action());
            };
            return new Statement(sc.prefixes() == null ? List.of() : sc.prefixes().stream().map(PrefixMatch::parse).toList(),
                    sc.asPath() == null ? null : Pattern.compile(sc.asPath()),
                    sc.community() == null ? null : Communities.parse(sc.community()),
                    sc.largeCommunity() == null ? null : Communities.parseLarge(sc.largeCommunity()),
                    accept, sc.setLocalPref() == null ? -1 : sc.setLocalPref(), sc.setMed() == null ? -1 : sc.setMed(),
                    communities(sc.addCommunities()), communities(sc.removeCommunities()),
                    sc.prepend() == null ? 0 : sc.prepend(), localAs);
        }).toList();
        return new Policy(name, statements, !"reject".equalsIgnoreCase(pc.defaultAction()));
    }

    private static int[] communities(List<String> list) {
        return list == null ? null : list.stream().mapToInt(Communities::parse).toArray();
    }

    static AttributeSet staticAttributes(StaticRouteConfig r) {
        AttributeSet.Builder b = AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP);
        if (r.nextHop() != null) {
            b.nextHop(NextHop.of(address(r.nextHop())));
        }
        if (r.communities() != null) {
            b.communities(communities(r.communities()));
        }
        if (r.localPref() != null) {
            b.localPref(r.localPref());
        }
        if (r.med() != null) {
            b.med(r.med());
        }
        return b.build();
    }
}
