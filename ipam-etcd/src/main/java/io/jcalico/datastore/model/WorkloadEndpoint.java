package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Placeholder: the spec fields are filled in by the model work. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WorkloadEndpoint(ObjectMeta metadata, Map<String, Object> spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.WORKLOAD_ENDPOINT;
  }

  @Override
  public WorkloadEndpoint withMetadata(ObjectMeta m) {
    return new WorkloadEndpoint(m, spec);
  }
}
