package io.jcalico.felix.cni;

import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import java.util.List;
import java.util.Map;

/**
 * A WorkloadEndpoint as the CNI writes it; the field names are those of Calico's
 * {@code projectcalico.org/v3} WorkloadEndpoint spec, so the datastore adapter maps one to one.
 *
 * @param workload the container ID outside Kubernetes, empty for a pod
 * @param pod the pod name, empty outside Kubernetes
 * @param endpoint the interface name inside the pod (eth0)
 * @param interfaceName the host end (cali...)
 * @param ipNetworks single-host prefixes
 */
public record PodEndpoint(
    String namespace,
    String name,
    Map<String, String> labels,
    String orchestrator,
    String workload,
    String node,
    String containerId,
    String pod,
    String endpoint,
    String interfaceName,
    MACAddress mac,
    List<IPAddress> ipNetworks,
    List<String> profiles) {

  public PodEndpoint {
    labels = Map.copyOf(labels);
    ipNetworks = List.copyOf(ipNetworks);
    profiles = List.copyOf(profiles);
  }
}
