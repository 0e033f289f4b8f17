package io.jcalico.lab.topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A lab as read from a containerlab {@code .clab.yml}: nodes in file order, links, the management
 * network, the Calico resources to apply, and the warnings about keys we accept but cannot honour.
 *
 * @param prefix containerlab's {@code prefix}: namespaces are {@code <prefix>-<lab>-<node>}, by default {@code clab}
 * @param calicoResources files of Calico resources (calicoctl YAML) applied before calico-node starts
 */
public record Topology(
    String name,
    String prefix,
    Path file,
    Mgmt mgmt,
    Map<String, Node> nodes,
    List<Link> links,
    List<Path> calicoResources,
    List<String> warnings) {

  public Topology {
    nodes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
    links = List.copyOf(links);
    calicoResources = List.copyOf(calicoResources);
    warnings = List.copyOf(warnings);
  }

  /** The network namespace of a node, named as containerlab names the node's container. */
  public String namespaceOf(String node) {
    return switch (prefix) {
      case "" -> node;
      case "__lab-name" -> name + "-" + node;
      default -> prefix + "-" + name + "-" + node;
    };
  }

  /** The lab's own namespace: the management bridge and etcd (no node has an empty name, so no clash). */
  public String mgmtNamespace() {
    return switch (prefix) {
      case "", "__lab-name" -> name + "-mgmt";
      default -> prefix + "-" + name;
    };
  }

  public Node node(String name) {
    Node n = nodes.get(name);
    if (n == null) {
      throw new TopologyException("lab " + this.name + " has no node " + name + " (nodes: " + nodes.keySet() + ")");
    }
    return n;
  }

  /** The nodes of one kind, in file order. */
  public List<Node> nodesOf(NodeKind kind) {
    List<Node> out = new ArrayList<>();
    nodes.values().stream().filter(n -> n.kind() == kind).forEach(out::add);
    return out;
  }

  /** Whether the lab needs etcd: any calico-node node. */
  public boolean needsEtcd() {
    return !nodesOf(NodeKind.CALICO_NODE).isEmpty();
  }
}
