package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Placeholder: the spec fields are filled in by the model work. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record GlobalNetworkPolicy(ObjectMeta metadata, Map<String, Object> spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.GLOBAL_NETWORK_POLICY;
  }

  @Override
  public GlobalNetworkPolicy withMetadata(ObjectMeta m) {
    return new GlobalNetworkPolicy(m, spec);
  }
}
