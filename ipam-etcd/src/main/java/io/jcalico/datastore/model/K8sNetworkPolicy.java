package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Placeholder: the spec fields are filled in by the model work. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record K8sNetworkPolicy(ObjectMeta metadata, Map<String, Object> spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.K8S_NETWORK_POLICY;
  }

  @Override
  public K8sNetworkPolicy withMetadata(ObjectMeta m) {
    return new K8sNetworkPolicy(m, spec);
  }
}
