package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A BGP peering for one node, some nodes or all nodes (projectcalico.org/v3 BGPPeer). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPPeer(ObjectMeta metadata, BGPPeerSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.BGP_PEER;
  }

  @Override
  public BGPPeer withMetadata(ObjectMeta m) {
    return new BGPPeer(m, spec);
  }
}
