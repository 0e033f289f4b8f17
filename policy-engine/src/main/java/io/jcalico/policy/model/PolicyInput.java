package io.jcalico.policy.model;

import java.util.List;
import java.util.Map;

/**
 * Everything policy calculation reads: all policies, profiles by name, the endpoints on this
 * host (they get chains) and the endpoints elsewhere (they only fill IP sets).
 */
public record PolicyInput(
    List<Policy> policies,
    Map<String, ProfileRules> profiles,
    List<Endpoint> localEndpoints,
    List<Endpoint> remoteEndpoints) {

  public PolicyInput {
    policies = List.copyOf(policies);
    profiles = Map.copyOf(profiles);
    localEndpoints = List.copyOf(localEndpoints);
    remoteEndpoints = remoteEndpoints == null ? List.of() : List.copyOf(remoteEndpoints);
  }
}
