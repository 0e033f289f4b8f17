package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** One host interface (or {@code *}, all of them) that policy protects (projectcalico.org/v3 HostEndpoint). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HostEndpoint(ObjectMeta metadata, HostEndpointSpec spec) implements Resource {
  @Override
  public ResourceKind kind() {
    return ResourceKind.HOST_ENDPOINT;
  }

  @Override
  public HostEndpoint withMetadata(ObjectMeta m) {
    return new HostEndpoint(m, spec);
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record HostEndpointSpec(
      String node, String interfaceName, List<String> expectedIPs, List<String> profiles, List<EndpointPort> ports) {
    public HostEndpointSpec {
      expectedIPs = Copies.list(expectedIPs);
      profiles = Copies.list(profiles);
      ports = Copies.list(ports);
    }
  }

  /** A named port policy rules may refer to. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record EndpointPort(String name, Protocol protocol, Integer port) {}
}
