package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Cluster-wide BGP settings ({@code default}) or a node's overrides ({@code node.<name>})
 * (projectcalico.org/v3 BGPConfiguration).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPConfiguration(ObjectMeta metadata, BGPConfigurationSpec spec) implements Resource {

  public static final String DEFAULT_NAME = "default";
  public static final String NODE_PREFIX = "node.";

  @Override
  public ResourceKind kind() {
    return ResourceKind.BGP_CONFIGURATION;
  }

  @Override
  public BGPConfiguration withMetadata(ObjectMeta m) {
    return new BGPConfiguration(m, spec);
  }

  public BGPConfiguration withSpec(BGPConfigurationSpec s) {
    return new BGPConfiguration(metadata, s);
  }

  public boolean namedDefault() {
    return DEFAULT_NAME.equals(name());
  }
}
