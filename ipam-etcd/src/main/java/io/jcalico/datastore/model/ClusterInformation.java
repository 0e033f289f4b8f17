package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Placeholder: the spec fields are filled in by the model work. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterInformation(ObjectMeta metadata, Map<String, Object> spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.CLUSTER_INFORMATION;
  }

  @Override
  public ClusterInformation withMetadata(ObjectMeta m) {
    return new ClusterInformation(m, spec);
  }
}
