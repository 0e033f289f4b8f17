package io.jcalico.bgp.config;

import java.util.List;

/** A prefix the speaker originates; next hop absent means "self" towards each peer. */
public record StaticRouteConfig(String prefix, String nextHop, List<String> communities, Long localPref, Long med) {
    public static StaticRouteConfig of(String prefix) {
        return new StaticRouteConfig(prefix, null, null, null, null);
    }
}
