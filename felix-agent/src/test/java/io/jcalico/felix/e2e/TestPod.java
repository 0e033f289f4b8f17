package io.jcalico.felix.e2e;

import inet.ipaddr.IPAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A pod attached by the CNI plugin: its network namespace, the container ID and names the
 * runtime passed, and what the ADD result said. A container outside Kubernetes has no
 * {@code k8sNamespace} (empty) and its own network config; {@code name} is then the test's.
 *
 * @param network the network config's name, {@link Cni#NETWORK_NAME} for a Kubernetes pod
 * @param ips the pod's addresses in the order of the result (/32, /128): IPv4 first when it has one
 * @param hostInterface the host end of the veth, {@code cali<11 hex>}
 * @param addResult the plugin's stdout, passed back as {@code prevResult} on DEL and CHECK
 */
public record TestPod(TestNode node, String k8sNamespace, String name, String containerId, String netns,
    List<IPAddress> ips, String hostInterface, String addResult, String network) {

  public TestPod {
    ips = List.copyOf(ips);
    if (ips.isEmpty()) throw new IllegalArgumentException("a pod has at least one address");
  }

  public boolean inKubernetes() {
    return !k8sNamespace.isEmpty();
  }

  public Path netnsPath() {
    return Path.of("/run/netns", netns);
  }

  /** The first address of the result (the IPv4 one of a dual-stack pod), with its prefix length. */
  public IPAddress ip() {
    return ips.get(0);
  }

  /** The pod's address of one family (4 or 6), with its prefix length. */
  public Optional<IPAddress> ip(int family) {
    return ips.stream().filter(a -> a.isIPv4() == (family == 4)).findFirst();
  }

  /** The bare first address, without its prefix length. */
  public IPAddress address() {
    return ip().withoutPrefixLength();
  }

  /** The bare addresses, without prefix length. */
  public List<IPAddress> addresses() {
    return ips.stream().map(IPAddress::withoutPrefixLength).toList();
  }

  @Override
  public String toString() {
    return (inKubernetes() ? k8sNamespace : network) + "/" + name + " (" + String.join(", ", addresses().stream().map(IPAddress::toCanonicalString).toList())
        + " on " + node.name() + ")";
  }
}
