package io.jcalico.bgp.config;

import java.util.List;

/** A named import/export policy: statements in order, then the default action. */
public record PolicyConfig(List<StatementConfig> statements, String defaultAction) {

    /**
     * One term. Conditions: {@code prefixes} ("198.18.0.0/16 le 26"), {@code asPath} (a regular
     * expression over "65001 65002"), {@code community} ("65001:100"), {@code largeCommunity}
     * ("1:2:3"). Action: "accept", "reject" or "next" (only apply the set actions).
     */
    public record StatementConfig(List<String> prefixes, String asPath, String community, String largeCommunity,
                                  String action, Long setLocalPref, Long setMed, List<String> addCommunities,
                                  List<String> removeCommunities, Integer prepend) {
    }
}
