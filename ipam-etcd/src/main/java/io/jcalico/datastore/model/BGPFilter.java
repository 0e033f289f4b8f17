package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Route filters for BGP sessions (projectcalico.org/v3 BGPFilter, Calico 3.25+): a BGPPeer names
 * filters in its {@code filters}, and they apply to the routes imported from and exported to that
 * peer.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPFilter(ObjectMeta metadata, BGPFilterSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.BGP_FILTER;
  }

  @Override
  public BGPFilter withMetadata(ObjectMeta m) {
    return new BGPFilter(m, spec);
  }
}
