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
 */
public record SpeakerConfig(String routerId, long asn, String listenAddress, Integer listenPort, String clusterId,
                            Integer holdTime, Integer connectRetry, Integer restartTime, Boolean extendedMessages,
                            String api, List<NeighborConfig> neighbors, List<StaticRouteConfig> staticRoutes,
                            Map<String, PolicyConfig> policies) {

    public SpeakerConfig {
        neighbors = neighbors == null ? List.of() : List.copyOf(neighbors);
        staticRoutes = staticRoutes == null ? List.of() : List.copyOf(staticRoutes);
        policies = policies == null ? Map.of() : Map.copyOf(policies);
        if (routerId == null || asn <= 0) {
            throw new IllegalArgumentException("routerId and asn are required");
        }
    }

    /** A minimal config: no neighbours, no API. */
    public static SpeakerConfig of(String routerId, long asn, String listenAddress, int listenPort) {
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, null, null, null, null, null, null,
                null, null, null);
    }

    public SpeakerConfig withNeighbor(NeighborConfig n) {
        List<NeighborConfig> all = new ArrayList<>(neighbors);
        all.add(n);
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, clusterId, holdTime, connectRetry,
                restartTime, extendedMessages, api, all, staticRoutes, policies);
    }

    public SpeakerConfig withStaticRoute(StaticRouteConfig r) {
        List<StaticRouteConfig> all = new ArrayList<>(staticRoutes);
        all.add(r);
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, clusterId, holdTime, connectRetry,
                restartTime, extendedMessages, api, neighbors, all, policies);
    }

    public SpeakerConfig withApi(String address) {
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, clusterId, holdTime, connectRetry,
                restartTime, extendedMessages, address, neighbors, staticRoutes, policies);
    }

    public SpeakerConfig withClusterId(String id) {
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, id, holdTime, connectRetry,
                restartTime, extendedMessages, api, neighbors, staticRoutes, policies);
    }

    public SpeakerConfig withTimers(int hold, int retry, int restart) {
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, clusterId, hold, retry, restart,
                extendedMessages, api, neighbors, staticRoutes, policies);
    }

    public SpeakerConfig withPolicies(Map<String, PolicyConfig> p) {
        return new SpeakerConfig(routerId, asn, listenAddress, listenPort, clusterId, holdTime, connectRetry,
                restartTime, extendedMessages, api, neighbors, staticRoutes, p);
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
