package io.jcalico.bgp.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The speaker's YAML configuration (camelCase keys), e.g.
 *
 * <pre>
 * routerId: 198.18.0.1
 * asn: 65001
 * listenAddress: 127.0.0.1
 * listenPort: 10179
 * api: unix:///run/jcalico/bgp.sock      # or tcp://127.0.0.1:50051
 * neighbors:
 *   - {address: 127.0.0.2, port: 10179, asn: 65002, nextHopV4: 198.18.0.1}
 * staticRoutes:
 *   - {prefix: 198.18.64.0/26}
 * </pre>
 *
 * @param clusterId route reflector cluster ID (dotted quad); absent: not a route reflector
 * @param listenPort 179 when absent; 0 picks a free port; -1 does not listen
 * @param restartTime graceful restart time announced (seconds, default 120); negative disables it
 * @param connectRetry first reconnect delay in seconds (default 5, doubling up to 120)
 * @param restarting this process restarted (RFC 4724 Restart State): the OPENs of each neighbour's
 *     first session within the restart time carry the R bit, so peers keep our routes while we relearn
 * @param forwardingPreserved families ("ipv4-unicast", "ipv6-unicast") whose forwarding state survived
 *     the restart (routes still in the kernel): the first session's OPEN carries their F bit, so peers
 *     keep our routes until our End-of-RIB; the others are dropped by peers at once
 * @param stalePathTime seconds to keep a restarted peer's stale routes waiting for its End-of-RIB
 *     (default 360, as FRR)
 * @param selectionDeferralTime seconds a restarting speaker waits at most for its peers' End-of-RIB
 *     before it advertises anything (RFC 4724 §4.1 Selection_Deferral_Timer; default 240, as BIRD's
 *     {@code graceful restart wait})
 */
public record SpeakerConfig(String routerId, long asn, String listenAddress, Integer listenPort, String clusterId,
                            Integer holdTime, Integer connectRetry, Integer restartTime, Boolean extendedMessages,
                            String api, List<NeighborConfig> neighbors, List<StaticRouteConfig> staticRoutes,
                            Map<String, PolicyConfig> policies, Boolean restarting, List<String> forwardingPreserved,
                            Integer stalePathTime, Integer selectionDeferralTime) {

    public SpeakerConfig {
        neighbors = neighbors == null ? List.of() : List.copyOf(neighbors);
        staticRoutes = staticRoutes == null ? List.of() : List.copyOf(staticRoutes);
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        forwardingPreserved = forwardingPreserved == null ? List.of() : List.copyOf(forwardingPreserved);
        if (routerId == null || asn <= 0) {
            throw new IllegalArgumentException("routerId and asn are required");
        }
    }

    /** A minimal config: no neighbours, no API. */
    public static SpeakerConfig of(String routerId, long asn, String listenAddress, int listenPort) {
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, null, null, null, null, null, null,
                null, null, null, null, null, null, null);
    }

    public SpeakerConfig withNeighbor(NeighborConfig n) {
        List<NeighborConfig> all = new ArrayList<>(neighbors);
        all.add(n);
        return copy(b -> b.neighbors = all);
    }

    public SpeakerConfig withStaticRoute(StaticRouteConfig r) {
        List<StaticRouteConfig> all = new ArrayList<>(staticRoutes);
        all.add(r);
        return copy(b -> b.staticRoutes = all);
    }

    public SpeakerConfig withApi(String address) {
        return copy(b -> b.api = address);
    }

    public SpeakerConfig withClusterId(String id) {
        return copy(b -> b.clusterId = id);
    }

    public SpeakerConfig withTimers(int hold, int retry, int restart) {
        return copy(b -> {
            b.holdTime = hold;
            b.connectRetry = retry;
            b.restartTime = restart;
        });
    }

    public SpeakerConfig withPolicies(Map<String, PolicyConfig> p) {
        return copy(b -> b.policies = p);
    }

    /**
     * A copy for a process that restarted: R bit set, F bit for {@code forwardingFamilies} (what the
     * node daemon found still installed in the kernel).
     */
    public SpeakerConfig withRestartState(boolean restartingNow, List<String> forwardingFamilies) {
        return copy(b -> {
            b.restarting = restartingNow;
            b.forwardingPreserved = forwardingFamilies;
        });
    }

    public SpeakerConfig withStalePathTime(int seconds) {
        return copy(b -> b.stalePathTime = seconds);
    }

    public SpeakerConfig withSelectionDeferralTime(int seconds) {
        return copy(b -> b.selectionDeferralTime = seconds);
    }

    /** The components as mutable fields, for the {@code with} methods. */
    private static final class Copy {
        String routerId;
        long asn;
        String listenAddress;
        Integer listenPort;
        String clusterId;
        Integer holdTime;
        Integer connectRetry;
        Integer restartTime;
        Boolean extendedMessages;
        String api;
        List<NeighborConfig> neighbors;
        List<StaticRouteConfig> staticRoutes;
        Map<String, PolicyConfig> policies;
        Boolean restarting;
        List<String> forwardingPreserved;
        Integer stalePathTime;
        Integer selectionDeferralTime;
    }

    private SpeakerConfig copy(java.util.function.Consumer<Copy> change) {
        Copy b = new Copy();
        b.routerId = routerId;
        b.asn = asn;
        b.listenAddress = listenAddress;
        b.listenPort = listenPort;
        b.clusterId = clusterId;
        b.holdTime = holdTime;
        b.connectRetry = connectRetry;
        b.restartTime = restartTime;
        b.extendedMessages = extendedMessages;
        b.api = api;
        b.neighbors = neighbors;
        b.staticRoutes = staticRoutes;
        b.policies = policies;
        b.restarting = restarting;
        b.forwardingPreserved = forwardingPreserved;
        b.stalePathTime = stalePathTime;
        b.selectionDeferralTime = selectionDeferralTime;
        change.accept(b);
        return new SpeakerConfig(b.routerId, b.asn, b.listenAddress, b.listenPort, b.clusterId, b.holdTime,
                b.connectRetry, b.restartTime, b.extendedMessages, b.api, b.neighbors, b.staticRoutes, b.policies,
                b.restarting, b.forwardingPreserved, b.stalePathTime, b.selectionDeferralTime);
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    public static SpeakerConfig parse(String yaml) {
        try {
            return YAML.readValue(yaml, SpeakerConfig.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad speaker config: " + e.getMessage(), e);
        }
    }

    public static SpeakerConfig load(Path file) {
        try {
            return parse(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String toYaml() {
        try {
            return YAML.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
