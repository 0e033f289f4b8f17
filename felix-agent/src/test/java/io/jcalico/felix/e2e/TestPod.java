package io.jcalico.felix.e2e;

import inet.ipaddr.IPAddress;
import java.nio.file.Path;

/**
 * A pod attached by the CNI plugin: its network namespace, the container ID and names the
 * runtime passed, and what the ADD result said.
 *
 * @param ip the pod's address as the result gave it (a /32)
 * @param hostInterface the host end of the veth, {@code cali<11 hex>}
 * @param addResult the plugin's stdout, passed back as {@code prevResult} on DEL and CHECK
 */
public record TestPod(TestNode node, String k8sNamespace, String name, String containerId, String netns,
    IPAddress ip, String hostInterface, String addResult) {

  public Path netnsPath() {
    return Path.of("/run/netns", netns);
  }

  /** The bare address, without its prefix length. */
  public IPAddress address() {
    return ip.withoutPrefixLength();
  }

  @Override
  public String toString() {
    return k8sNamespace + "/" + name + " (" + address() + " on " + node.name() + ")";
  }
}
