package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Facts about the cluster, in one resource named {@code default} (projectcalico.org/v3 ClusterInformation). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterInformation(ObjectMeta metadata, ClusterInformationSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.CLUSTER_INFORMATION;
  }

  @Override
  public ClusterInformation withMetadata(ObjectMeta m) {
    return new ClusterInformation(m, spec);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ClusterInformationSpec(
      String clusterGUID, String clusterType, String calicoVersion, Boolean datastoreReady, String variant) {}
}
