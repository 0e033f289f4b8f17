package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/** Labels (and, deprecated, rules) shared by the endpoints that list it (projectcalico.org/v3 Profile). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Profile(ObjectMeta metadata, ProfileSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.PROFILE;
  }

  @Override
  public Profile withMetadata(ObjectMeta m) {
    return new Profile(m, spec);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ProfileSpec(List<Rule> ingress, List<Rule> egress, Map<String, String> labelsToApply) {
    public ProfileSpec {
      ingress = Copies.list(ingress);
      egress = Copies.list(egress);
      labelsToApply = Copies.map(labelsToApply);
    }
  }
}
