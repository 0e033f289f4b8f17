package io.jcalico.felix.cni;

import com.google.common.hash.Hashing;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Names derived exactly as Calico derives them, so both can manage the same nodes' data. */
public final class WorkloadNames {
  public static final String HOST_PREFIX = "cali";
  public static final String K8S = "k8s";
  /** Calico's orchestrator for workloads a runtime attaches outside Kubernetes. */
  public static final String CNI = "cni";

  private WorkloadNames() {}

  /**
   * {@code cali} + the first 11 hex digits of sha1("namespace.pod"): stable across sandboxes of
   * one pod, 15 characters, the kernel's limit.
   */
  public static String hostInterface(Optional<PodRef> pod, String containerId) {
    String key = pod.map(p -> p.namespace() + "." + p.name()).orElse(containerId);
    @SuppressWarnings("deprecation") // sha1 is Calico's choice of name, not a security measure
    String hex = Hashing.sha1().hashString(key, StandardCharsets.UTF_8).toString();
    return HOST_PREFIX + hex.substring(0, 11);
  }

  /**
   * {@code <node>-<orchestrator>-<workload>-<endpoint>} with each {@code -} inside a part doubled,
   * so the parts can be told apart again: node "n-1", pod "web" and eth0 give
   * {@code n--1-k8s-web-eth0}.
   */
  public static String endpointName(String node, String orchestrator, String workload, String endpoint) {
    return String.join("-", escape(node), escape(orchestrator), escape(workload), escape(endpoint));
  }

  /** Calico's IPAM handle: {@code <network name>.<container ID>}, k8s-pod-network.&lt;id&gt; by default. */
  public static String handleId(String networkName, String containerId) {
    return networkName + "." + containerId;
  }

  private static String escape(String part) {
    return part.replace("-", "--");
  }

  /** A Kubernetes pod, from CNI_ARGS. */
  public record PodRef(String namespace, String name) {}
}
