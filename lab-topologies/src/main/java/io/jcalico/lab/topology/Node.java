package io.jcalico.lab.topology;

import inet.ipaddr.IPAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One node as the topology defines it, after merging {@code defaults}, its {@code kinds} entry,
 * its group and its own keys (the node's own winning, maps merged key by key).
 *
 * @param kindName the kind as written ({@code linux}, {@code bird}, ...), printed by {@code inspect}
 * @param kind what the node runs ({@link NodeKind#forLinuxImage} for {@code linux} nodes)
 * @param exec commands run in the node's namespace after its links exist, in order
 * @param cmd a {@code linux} node's main process (the container's command), if any
 * @param startupConfig a router's configuration file given as {@code startup-config}
 * @param mgmtIpv4 the address on the management network with its prefix length ({@code mgmt-ipv4}, else
 *     the next free one in file order); empty for a bridge
 */
public record Node(
    String name,
    String kindName,
    NodeKind kind,
    Optional<String> image,
    List<String> exec,
    Optional<String> cmd,
    List<Bind> binds,
    Optional<Path> startupConfig,
    Map<String, String> env,
    Map<String, String> labels,
    Map<String, String> sysctls,
    Optional<IPAddress> mgmtIpv4,
    Optional<IPAddress> mgmtIpv6) {

  public Node {
    exec = List.copyOf(exec);
    binds = List.copyOf(binds);
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
    sysctls = Map.copyOf(sysctls);
  }

  /** The bind whose container path ends in one of {@code fileNames}, e.g. {@code frr.conf}. */
  public Optional<Bind> bindNamed(String... fileNames) {
    return binds.stream().filter(b -> List.of(fileNames).contains(b.containerFileName())).findFirst();
  }

  /** Whether the node has a namespace with a management interface (a bridge has neither address nor etcd). */
  public boolean hasMgmt() {
    return kind != NodeKind.BRIDGE;
  }
}
