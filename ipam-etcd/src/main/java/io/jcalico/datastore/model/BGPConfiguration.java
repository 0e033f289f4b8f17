package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Placeholder: the spec fields are filled in by the model work. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BGPConfiguration(ObjectMeta metadata, Map<String, Object> spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.BGP_CONFIGURATION;
  }

  @Override
  public BGPConfiguration withMetadata(ObjectMeta m) {
    return new BGPConfiguration(m, spec);
  }
}
