package io.jcalico.felix.cni;

import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.util.Optional;

/**
 * One validated CNI request for one container: who it is (pod or bare container), where it
 * lives (node, netns, interface) and the network config, with the names derived from them.
 *
 * @param netns empty for a DEL without one
 */
public record Attachment(
    String containerId, String netns, String ifName, String node, Optional<PodRef> pod, NetConf conf) {

  public String handleId() {
    return WorkloadNames.handleId(conf.name(), containerId);
  }

  public String hostIfName() {
    return WorkloadNames.hostInterface(pod, containerId);
  }

  public String orchestrator() {
    return pod.isPresent() ? WorkloadNames.K8S : WorkloadNames.CNI;
  }

  /** The pod's namespace; Calico's "default" outside Kubernetes. */
  public String endpointNamespace() {
    return pod.map(PodRef::namespace).orElse("default");
  }

  public String endpointName() {
    return WorkloadNames.endpointName(node, orchestrator(), pod.map(PodRef::name).orElse(containerId), ifName);
  }
}
