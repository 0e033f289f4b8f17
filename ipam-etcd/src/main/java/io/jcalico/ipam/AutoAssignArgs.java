package io.jcalico.ipam;

import com.google.common.base.Preconditions;
import inet.ipaddr.IPAddress;
import io.jcalico.ipam.model.PoolSpec;
import java.util.List;
import java.util.Map;

/**
 * A request for addresses: how many IPv4 and IPv6, for which handle (Calico's CNI uses
 * {@code k8s-pod-network.<containerID>}) with which attributes ({@code node}, {@code namespace},
 * {@code pod}, {@code timestamp}), on which host, for which use, optionally only from some pools
 * (by CIDR; empty: every eligible pool).
 */
public record AutoAssignArgs(int num4, int num6, String handleId, Map<String, String> attrs, String hostname,
    String intendedUse, List<IPAddress> ipv4Pools, List<IPAddress> ipv6Pools) {

  public AutoAssignArgs {
    Preconditions.checkArgument(num4 >= 0 && num6 >= 0, "negative address count");
    Preconditions.checkArgument(handleId != null && !handleId.isEmpty(), "a handle is required");
    Preconditions.checkArgument(hostname != null && !hostname.isEmpty(), "a host name is required");
    attrs = attrs == null ? Map.of() : Map.copyOf(attrs);
    intendedUse = intendedUse == null ? PoolSpec.USE_WORKLOAD : intendedUse;
    ipv4Pools = ipv4Pools == null ? List.of() : List.copyOf(ipv4Pools);
    ipv6Pools = ipv6Pools == null ? List.of() : List.copyOf(ipv6Pools);
  }

  public static AutoAssignArgs of(int num4, int num6, String handleId, Map<String, String> attrs, String hostname) {
    return new AutoAssignArgs(num4, num6, handleId, attrs, hostname, PoolSpec.USE_WORKLOAD, List.of(), List.of());
  }

  /** The handle Calico's CNI plugin uses for a container. */
  public static String workloadHandle(String containerId) {
    return "k8s-pod-network." + containerId;
  }
}
