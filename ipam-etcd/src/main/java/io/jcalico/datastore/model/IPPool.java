package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/** Placeholder: the spec fields are filled in by the model work. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IPPool(ObjectMeta metadata, Map<String, Object> spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.IP_POOL;
  }

  @Override
  public IPPool withMetadata(ObjectMeta m) {
    return new IPPool(m, spec);
  }
}
