package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * BGPPeer spec, every field of Calico's v3 API. {@code peerIP} is an address with an optional
 * port ({@code 10.0.0.1:1790}, {@code [fd00::1]:1790}); durations are Go duration strings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPPeerSpec(
    String node,
    String nodeSelector,
    String peerIP,
    AsNumber asNumber,
    AsNumber localASNumber,
    String peerSelector,
    String localWorkloadSelector,
    Boolean keepOriginalNextHop,
    String nextHopMode,
    BGPPassword password,
    String sourceAddress,
    String maxRestartTime,
    Integer numAllowedLocalASNumbers,
    Integer ttlSecurity,
    List<String> filters,
    String reachableBy,
    String keepaliveTime,
    String reversePeering) {

  public static final List<String> SOURCE_ADDRESSES = List.of("UseNodeIP", "None");
  public static final List<String> NEXT_HOP_MODES = List.of("Auto", "Self", "Keep");
  public static final List<String> REVERSE_PEERINGS = List.of("Auto", "Manual");

  public BGPPeerSpec {
    filters = Copies.list(filters);
  }

  /** True when the peer applies to every node (neither node nor nodeSelector set). */
  public boolean appliesToAllNodes() {
    return (node == null || node.isEmpty()) && (nodeSelector == null || nodeSelector.isEmpty());
  }
}
