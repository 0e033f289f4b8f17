package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A range of addresses Calico IPAM hands out in blocks (projectcalico.org/v3 IPPool). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IPPool(ObjectMeta metadata, IPPoolSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.IP_POOL;
  }

  @Override
  public IPPool withMetadata(ObjectMeta m) {
    return new IPPool(m, spec);
  }

  public IPPool withSpec(IPPoolSpec s) {
    return new IPPool(metadata, s);
  }
}
