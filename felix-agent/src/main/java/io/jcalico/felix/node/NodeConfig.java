package io.jcalico.felix.node;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.AsNumber;
import io.jcalico.felix.dataplane.PolicyDataplaneConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The node daemon's settings (from flags, environment or a file; see {@code CalicoNodeMain}).
 *
 * @param ipv4 the node's IPv4 address with its subnet prefix ("198.18.1.11/24"), may be null
 * @param ipv6 likewise for IPv6, may be null
 * @param asNumber this node's AS, or null to inherit BGPConfiguration's
 * @param bgpPort the port our speaker listens on (Calico: 179; tests use high ports)
 * @param runDir where the unix sockets live (CNI and node API)
 * @param defaultIpv4Pool the pool created when no pool exists (Calico's CALICO_IPV4POOL_CIDR), or null for none
 * @param policyBackend the kernel tables network policy is written to (null: iptables, as Felix)
 * @param bgpSecretsDir where BGP passwords ({@code secretKeyRef}) are read, as {@code <dir>/<name>/<key>}
 *     (null: {@code /etc/calico/bgp-secrets}); Calico reads them from the Kubernetes API instead
 */
public record NodeConfig(
    String nodeName,
    IPAddress ipv4,
    IPAddress ipv6,
    AsNumber asNumber,
    String etcdEndpoints,
    int bgpPort,
    Path runDir,
    String healthHost,
    int healthPort,
    String defaultIpv4Pool,
    String defaultIpv6Pool,
    Duration routeRefresh,
    String logLevel,
    PolicyDataplaneConfig.Backend policyBackend,
    Path bgpSecretsDir) {

  public NodeConfig {
    if (nodeName == null || nodeName.isEmpty()) throw new IllegalArgumentException("a node name is required (--node-name or NODENAME)");
    if (ipv4 == null && ipv6 == null) throw new IllegalArgumentException("node " + nodeName + " needs an IPv4 or IPv6 address (--ip / --ip6)");
    if (ipv4 != null && !ipv4.isIPv4()) throw new IllegalArgumentException("--ip " + ipv4 + " is not an IPv4 address");
    if (ipv6 != null && !ipv6.isIPv6()) throw new IllegalArgumentException("--ip6 " + ipv6 + " is not an IPv6 address");
    if (policyBackend == null) policyBackend = PolicyDataplaneConfig.Backend.IPTABLES;
    if (bgpSecretsDir == null) bgpSecretsDir = Path.of("/etc/calico/bgp-secrets");
  }

  /** With the default BGP secrets directory. */
  public NodeConfig(String nodeName, IPAddress ipv4, IPAddress ipv6, AsNumber asNumber, String etcdEndpoints,
      int bgpPort, Path runDir, String healthHost, int healthPort, String defaultIpv4Pool, String defaultIpv6Pool,
      Duration routeRefresh, String logLevel, PolicyDataplaneConfig.Backend policyBackend) {
    this(nodeName, ipv4, ipv6, asNumber, etcdEndpoints, bgpPort, runDir, healthHost, healthPort, defaultIpv4Pool,
        defaultIpv6Pool, routeRefresh, logLevel, policyBackend, null);
  }

  /** "198.18.1.11/24" or "198.18.1.11" (taken as /32) into an address with prefix length. */
  public static IPAddress parseNodeAddress(String text, String flag) {
    if (text == null || text.isEmpty()) return null;
    IPAddressString s = new IPAddressString(text);
    IPAddress a = s.getAddress();
    if (a == null) throw new IllegalArgumentException(flag + " \"" + text + "\" is not an IP address");
    return a.getNetworkPrefixLength() == null ? a.setPrefixLength(a.getBitCount(), false) : a;
  }

  public Path cniSocket() {
    return runDir.resolve("cni.sock");
  }

  public Path apiSocket() {
    return runDir.resolve("node.sock");
  }

  public Optional<IPAddress> address(int family) {
    return Optional.ofNullable(family == 4 ? ipv4 : ipv6);
  }
}
