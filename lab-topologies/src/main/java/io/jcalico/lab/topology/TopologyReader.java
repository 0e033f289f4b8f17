package io.jcalico.lab.topology;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.google.common.collect.ImmutableSet;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads containerlab's topology format ({@code *.clab.yml}) into a {@link Topology}.
 *
 * <p>Node properties come from four layers, later ones winning: {@code topology.defaults}, the
 * node's {@code topology.kinds} entry, its {@code topology.groups} entry and the node itself;
 * {@code env}, {@code labels} and {@code sysctls} merge key by key, {@code binds} by container
 * path. Keys that only mean something to Docker (ports, cpu, memory, ...) are accepted and listed
 * in {@link Topology#warnings()}, one line each; unknown keys, unknown kinds, bad addresses,
 * dangling link ends and YAML syntax errors are a {@link TopologyException} naming the node or
 * link and the field.
 */
public final class TopologyReader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");
  private static final Pattern IFNAME = Pattern.compile("[A-Za-z0-9_.-]{1,15}");

  private static final Set<String> TOP_KEYS = ImmutableSet.of("name", "prefix", "mgmt", "topology", "calico", "settings");
  private static final Set<String> TOPOLOGY_KEYS = ImmutableSet.of("nodes", "links", "kinds", "defaults", "groups");
  /** Node keys with a meaning on a namespace. */
  private static final Set<String> NODE_KEYS = ImmutableSet.of("kind", "group", "image", "exec", "cmd", "binds", "env",
      "labels", "sysctls", "mgmt-ipv4", "mgmt-ipv6", "startup-config");
  /** containerlab node keys that need Docker or a vendor image: accepted, reported, not honoured. */
  private static final Set<String> DOCKER_KEYS = ImmutableSet.of("type", "image-pull-policy", "license", "position",
      "entrypoint", "ports", "publish", "network-mode", "user", "startup-delay", "enforce-startup-config",
      "suppress-startup-config", "auto-remove", "restart-policy", "cpu", "cpu-set", "memory", "shm-size", "extras",
      "wait-for", "dns", "certificate", "healthcheck", "aliases", "devices", "cap-add", "runtime", "stages",
      "components", "config", "env-files", "mac-address", "kernel", "sandbox", "ulimits");
  private static final Set<String> MGMT_KEYS = ImmutableSet.of("ipv4-subnet", "ipv6-subnet", "ipv4-gw", "ipv6-gw");
  private static final Set<String> MGMT_IGNORED = ImmutableSet.of("network", "bridge", "mtu", "external-access",
      "ipv4-range", "ipv6-range", "driver-opts");
  private static final Set<String> LINK_KEYS = ImmutableSet.of("endpoints", "mtu", "type", "labels", "vars");

  private final Path file;
  private final Path baseDir;
  private final List<String> warnings = new ArrayList<>();

  private TopologyReader(Path file) {
    this.file = file;
    this.baseDir = file.toAbsolutePath().getParent();
  }

  /** Reads and checks a topology file. */
  public static Topology read(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new TopologyException(file + ": no such file");
    } catch (IOException e) {
      throw new TopologyException(e.getMessage(), e);
    }
    return new TopologyReader(file).parse(text);
  }

  /** Parses topology text as if it were {@code file} (binds resolve against the file's directory). */
  public static Topology parse(Path file, String text) {
    return new TopologyReader(file).parse(text);
  }

  private Topology parse(String text) {
    try {
      return parseChecked(text);
    } catch (TopologyException e) {
      throw new TopologyException(file + ": " + e.getMessage(), e.getCause());
    }
  }

  private Topology parseChecked(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new TopologyException("not valid YAML" + (at == null ? "" : " at line " + at.getLineNr()
          + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new TopologyException("a topology is a YAML mapping with name and topology");
    }
    checkKeys(root, TOP_KEYS, Set.of(), "the top level");
    ignoreIfPresent(root, "settings", "the top level");
    String name = name(requireText(root, "name", "the top level"), "lab name");
    String prefix = root.has("prefix") ? text(root.get("prefix"), "prefix") : "clab";
    Mgmt mgmt = mgmt(root.path("mgmt"));
    JsonNode topo = root.get("topology");
    if (topo == null || !topo.isObject()) {
      throw new TopologyException("missing the topology mapping (topology: {nodes: ...})");
    }
    checkKeys(topo, TOPOLOGY_KEYS, Set.of(), "topology");
    JsonNode nodesNode = topo.get("nodes");
    if (nodesNode == null || !nodesNode.isObject() || nodesNode.isEmpty()) {
      throw new TopologyException("topology.nodes must map node names to their properties");
    }
    ObjectNode defaults = mapping(topo.get("defaults"), "topology.defaults");
    Map<String, ObjectNode> kinds = mappings(topo.get("kinds"), "topology.kinds");
    Map<String, ObjectNode> groups = mappings(topo.get("groups"), "topology.groups");

    Map<String, Node> nodes = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : nodesNode.properties()) {
      String nodeName = name(e.getKey(), "node name");
      nodes.put(nodeName, node(nodeName, e.getValue(), defaults, kinds, groups));
    }
    nodes = assignMgmtAddresses(nodes, mgmt);
    List<Link> links = links(topo.get("links"), nodes);
    List<Path> resources = calicoResources(root.get("calico"));
    if (!resources.isEmpty() && nodes.values().stream().noneMatch(n -> n.kind() == NodeKind.CALICO_NODE)) {
      warnings.add("calico.resources: no calico-node node, so no etcd to apply them to; ignored");
    }
    return new Topology(name, prefix, file.toAbsolutePath().normalize(), mgmt, nodes, links, resources, warnings);
  }

  // ------------------------------------------------------------------ nodes

  private Node node(String name, JsonNode own, ObjectNode defaults, Map<String, ObjectNode> kinds,
      Map<String, ObjectNode> groups) {
    String where = "node " + name;
    ObjectNode self = own == null || own.isNull() ? YAML.createObjectNode() : mapping(own, where);
    ObjectNode group = null;
    if (self.has("group")) {
      String g = text(self.get("group"), where + ": group");
      group = groups.get(g); // a group without properties is only a label (containerlab's graph grouping)
    }
    List<ObjectNode> layers = new ArrayList<>();
    layers.add(defaults);
    String kindName = firstText("kind", where, self, group, defaults);
    if (kindName == null) {
      throw new TopologyException(where + ": no kind (set kind on the node, its group or topology.defaults)");
    }
    if (kinds.containsKey(kindName)) {
      layers.add(kinds.get(kindName));
    }
    if (group != null) {
      layers.add(group);
    }
    layers.add(self);
    for (int i = 0; i < layers.size(); i++) {
      String layerWhere = layers.get(i) == self ? where : where + " (from " + layerName(layers.get(i), defaults, group) + ")";
      checkKeys(layers.get(i), NODE_KEYS, DOCKER_KEYS, layerWhere);
    }
    NodeKind base = NodeKind.ofKindName(kindName).orElseThrow(() -> new TopologyException(
        where + ": kind \"" + kindName + "\" is not supported here (known: " + NodeKind.KNOWN + ")"));
    Optional<String> image = Optional.ofNullable(last("image", layers, where));
    NodeKind kind = base == NodeKind.LINUX ? NodeKind.forLinuxImage(image.orElse(null)) : base;
    for (String key : DOCKER_KEYS) {
      if (layers.stream().anyMatch(l -> l.has(key))) {
        warnings.add(where + ": " + key + " needs Docker; ignored on a network namespace");
      }
    }
    Optional<Path> startupConfig = Optional.ofNullable(last("startup-config", layers, where)).map(baseDir::resolve);
    if (startupConfig.isPresent() && !kind.isRouter()) {
      warnings.add(where + ": startup-config is only read by bird, frr and gobgp nodes; ignored");
      startupConfig = Optional.empty();
    }
    List<String> exec = layers.stream().filter(l -> l.has("exec")).reduce((a, b) -> b)
        .map(l -> textList(l.get("exec"), where + ": exec")).orElse(List.of());
    Map<String, Bind> binds = new LinkedHashMap<>();
    for (ObjectNode l : layers) {
      if (l.has("binds")) {
        for (String spec : textList(l.get("binds"), where + ": binds")) {
          Bind b = Bind.parse(spec, baseDir, where);
          if (!Files.exists(b.hostPath())) {
            throw new TopologyException(where + ": bind \"" + spec + "\": " + b.hostPath() + " does not exist");
          }
          binds.put(b.containerPath(), b);
        }
      }
    }
    startupConfig.ifPresent(p -> {
      if (!Files.isRegularFile(p)) {
        throw new TopologyException(where + ": startup-config " + p + " does not exist");
      }
    });
    Optional<IPAddress> v4 = Optional.ofNullable(last("mgmt-ipv4", layers, where)).map(a -> address(a, where + ": mgmt-ipv4", true));
    Optional<IPAddress> v6 = Optional.ofNullable(last("mgmt-ipv6", layers, where)).map(a -> address(a, where + ": mgmt-ipv6", false));
    if (kind == NodeKind.BRIDGE && (v4.isPresent() || v6.isPresent() || !exec.isEmpty())) {
      throw new TopologyException(where + ": a bridge has no management address and runs no exec commands");
    }
    return new Node(name, kindName, kind, image, exec, Optional.ofNullable(last("cmd", layers, where)),
        List.copyOf(binds.values()), startupConfig, mergedMap("env", layers, where), mergedMap("labels", layers, where),
        mergedMap("sysctls", layers, where), v4, v6);
  }

  private static String layerName(ObjectNode layer, ObjectNode defaults, ObjectNode group) {
    return layer == defaults ? "topology.defaults" : layer == group ? "its group" : "its kind";
  }

  private String firstText(String key, String where, ObjectNode... layers) {
    for (ObjectNode l : layers) {
      if (l != null && l.has(key)) {
        return text(l.get(key), where + ": " + key);
      }
    }
    return null;
  }

  private String last(String key, List<ObjectNode> layers, String where) {
    String value = null;
    for (ObjectNode l : layers) {
      if (l.has(key) && !l.get(key).isNull()) {
        value = text(l.get(key), where + ": " + key);
      }
    }
    return value;
  }

  private Map<String, String> mergedMap(String key, List<ObjectNode> layers, String where) {
    Map<String, String> out = new LinkedHashMap<>();
    for (ObjectNode l : layers) {
      if (l.has(key) && !l.get(key).isNull()) {
        for (Map.Entry<String, JsonNode> e : mapping(l.get(key), where + ": " + key).properties()) {
          out.put(e.getKey(), scalar(e.getValue(), where + ": " + key + "." + e.getKey()));
        }
      }
    }
    return out;
  }

  /** Gives every node with a management interface its address: the one asked for, else the next free one. */
  private Map<String, Node> assignMgmtAddresses(Map<String, Node> nodes, Mgmt mgmt) {
    Set<IPAddress> taken4 = new HashSet<>(Set.of(mgmt.ipv4Gateway().withoutPrefixLength()));
    Set<IPAddress> taken6 = new HashSet<>(Set.of(mgmt.ipv6Gateway().withoutPrefixLength()));
    for (Node n : nodes.values()) {
      n.mgmtIpv4().ifPresent(a -> claim(a, mgmt.ipv4Subnet(), taken4, "node " + n.name() + ": mgmt-ipv4"));
      n.mgmtIpv6().ifPresent(a -> claim(a, mgmt.ipv6Subnet(), taken6, "node " + n.name() + ": mgmt-ipv6"));
    }
    Map<String, Node> out = new LinkedHashMap<>();
    IPAddress next4 = mgmt.ipv4Subnet().getLower().withoutPrefixLength();
    IPAddress next6 = mgmt.ipv6Subnet().getLower().withoutPrefixLength();
    for (Node n : nodes.values()) {
      if (!n.hasMgmt()) {
        out.put(n.name(), n);
        continue;
      }
      IPAddress v4 = n.mgmtIpv4().orElse(null);
      if (v4 == null) {
        next4 = nextFree(next4, mgmt.ipv4Subnet(), taken4, n.name());
        v4 = next4;
      }
      IPAddress v6 = n.mgmtIpv6().orElse(null);
      if (v6 == null) {
        next6 = nextFree(next6, mgmt.ipv6Subnet(), taken6, n.name());
        v6 = next6;
      }
      out.put(n.name(), new Node(n.name(), n.kindName(), n.kind(), n.image(), n.exec(), n.cmd(), n.binds(),
          n.startupConfig(), n.env(), n.labels(), n.sysctls(),
          Optional.of(v4.setPrefixLength(mgmt.ipv4Subnet().getNetworkPrefixLength(), false)),
          Optional.of(v6.setPrefixLength(mgmt.ipv6Subnet().getNetworkPrefixLength(), false))));
    }
    return out;
  }

  private static void claim(IPAddress a, IPAddress subnet, Set<IPAddress> taken, String where) {
    if (!subnet.contains(a)) {
      throw new TopologyException(where + ": " + a + " is outside the management subnet " + subnet);
    }
    if (!taken.add(a)) {
      throw new TopologyException(where + ": " + a + " is already taken (the gateway or another node)");
    }
  }

  private static IPAddress nextFree(IPAddress after, IPAddress subnet, Set<IPAddress> taken, String node) {
    IPAddress a = after;
    do {
      a = a.increment(1);
      if (a == null || !subnet.contains(a) || a.equals(subnet.getUpper().withoutPrefixLength())) {
        throw new TopologyException("node " + node + ": the management subnet " + subnet + " is full");
      }
    } while (taken.contains(a));
    taken.add(a);
    return a;
  }

  // ------------------------------------------------------------------ links

  private List<Link> links(JsonNode linksNode, Map<String, Node> nodes) {
    if (linksNode == null || linksNode.isNull()) {
      return List.of();
    }
    if (!linksNode.isArray()) {
      throw new TopologyException("topology.links must be a list");
    }
    List<Link> links = new ArrayList<>();
    Map<String, String> used = new HashMap<>(); // node:iface -> the link that took it
    for (int i = 0; i < linksNode.size(); i++) {
      String where = "link " + (i + 1);
      ObjectNode l = mapping(linksNode.get(i), where);
      checkKeys(l, LINK_KEYS, Set.of(), where);
      if (l.has("type") && !text(l.get("type"), where + ": type").equals("veth")) {
        throw new TopologyException(where + ": type " + l.get("type").asText()
            + " is not supported here (only veth links between nodes)");
      }
      JsonNode eps = l.get("endpoints");
      if (eps == null || !eps.isArray() || eps.size() != 2) {
        throw new TopologyException(where + ": endpoints must list exactly two ends, e.g. [\"a:eth1\", \"b:eth1\"]");
      }
      Endpoint a = endpoint(eps.get(0), nodes, where);
      Endpoint b = endpoint(eps.get(1), nodes, where);
      where = "link " + a + " <-> " + b;
      for (Endpoint ep : List.of(a, b)) {
        String prior = used.put(ep.toString(), where);
        if (prior != null) {
          throw new TopologyException(where + ": interface " + ep + " is already used by " + prior);
        }
      }
      OptionalInt mtu = l.has("mtu") ? OptionalInt.of(integer(l.get("mtu"), where + ": mtu")) : OptionalInt.empty();
      links.add(new Link(a, b, mtu));
    }
    return links;
  }

  private Endpoint endpoint(JsonNode ep, Map<String, Node> nodes, String where) {
    String node;
    String iface;
    if (ep.isObject()) { // the extended form: {node: a, interface: eth1}
      node = requireText(ep, "node", where + ": endpoint");
      iface = requireText(ep, "interface", where + ": endpoint");
    } else {
      String s = text(ep, where + ": endpoint");
      int colon = s.indexOf(':');
      if (colon <= 0 || colon == s.length() - 1) {
        throw new TopologyException(where + ": endpoint \"" + s + "\" is not node:interface");
      }
      node = s.substring(0, colon);
      iface = s.substring(colon + 1);
    }
    if (node.equals("host") || node.equals("mgmt-net") || node.equals("macvlan")) {
      throw new TopologyException(where + ": endpoint " + node + ":" + iface
          + " would touch the host's network; only links between lab nodes are built here");
    }
    if (!nodes.containsKey(node)) {
      throw new TopologyException(where + ": endpoint " + node + ":" + iface + " names no node of the lab");
    }
    if (!IFNAME.matcher(iface).matches()) {
      throw new TopologyException(where + ": interface name \"" + iface + "\" of " + node
          + " is not a Linux interface name (1-15 of A-Z a-z 0-9 _ . -)");
    }
    if (iface.equals("eth0") && nodes.get(node).hasMgmt()) {
      throw new TopologyException(where + ": " + node + ":eth0 is the management interface; use eth1 and up");
    }
    return new Endpoint(node, iface);
  }

  // ------------------------------------------------------------------ mgmt, calico extension

  private Mgmt mgmt(JsonNode m) {
    if (m.isMissingNode() || m.isNull()) {
      return Mgmt.defaults();
    }
    ObjectNode map = mapping(m, "mgmt");
    checkKeys(map, MGMT_KEYS, MGMT_IGNORED, "mgmt");
    for (String key : MGMT_IGNORED) {
      ignoreIfPresent(map, key, "mgmt");
    }
    IPAddress v4 = map.has("ipv4-subnet") ? subnet(map.get("ipv4-subnet"), "mgmt.ipv4-subnet", true) : Mgmt.DEFAULT_IPV4;
    IPAddress v6 = map.has("ipv6-subnet") ? subnet(map.get("ipv6-subnet"), "mgmt.ipv6-subnet", false) : Mgmt.DEFAULT_IPV6;
    IPAddress gw4 = map.has("ipv4-gw") ? address(text(map.get("ipv4-gw"), "mgmt.ipv4-gw"), "mgmt.ipv4-gw", true) : null;
    IPAddress gw6 = map.has("ipv6-gw") ? address(text(map.get("ipv6-gw"), "mgmt.ipv6-gw"), "mgmt.ipv6-gw", false) : null;
    if (gw4 != null && !v4.contains(gw4) || gw6 != null && !v6.contains(gw6)) {
      throw new TopologyException("mgmt gateway outside its subnet");
    }
    return Mgmt.of(v4, gw4, v6, gw6);
  }

  private List<Path> calicoResources(JsonNode calico) {
    if (calico == null || calico.isNull()) {
      return List.of();
    }
    ObjectNode map = mapping(calico, "calico");
    checkKeys(map, Set.of("resources"), Set.of(), "calico");
    List<Path> out = new ArrayList<>();
    if (map.has("resources")) {
      for (String f : textList(map.get("resources"), "calico.resources")) {
        Path p = baseDir.resolve(f).normalize();
        if (!Files.isRegularFile(p)) {
          throw new TopologyException("calico.resources: " + p + " does not exist");
        }
        out.add(p);
      }
    }
    return out;
  }

  // ------------------------------------------------------------------ value helpers

  private void checkKeys(JsonNode map, Set<String> known, Set<String> ignored, String where) {
    for (String key : (Iterable<String>) map::fieldNames) {
      if (!known.contains(key) && !ignored.contains(key)) {
        throw new TopologyException(where + ": unknown key \"" + key + "\"");
      }
    }
  }

  private void ignoreIfPresent(JsonNode map, String key, String where) {
    if (map.has(key)) {
      warnings.add(where + ": " + key + " has no meaning on network namespaces; ignored");
    }
  }

  private ObjectNode mapping(JsonNode n, String where) {
    if (n == null || n.isNull()) {
      return YAML.createObjectNode();
    }
    if (!n.isObject()) {
      throw new TopologyException(where + " must be a mapping, not " + describe(n));
    }
    return (ObjectNode) n;
  }

  private Map<String, ObjectNode> mappings(JsonNode n, String where) {
    Map<String, ObjectNode> out = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : mapping(n, where).properties()) {
      out.put(e.getKey(), mapping(e.getValue(), where + "." + e.getKey()));
    }
    return out;
  }

  private String requireText(JsonNode map, String key, String where) {
    JsonNode v = map.get(key);
    if (v == null || v.isNull()) {
      throw new TopologyException(where + ": missing " + key);
    }
    return text(v, where + ": " + key);
  }

  private String text(JsonNode v, String where) {
    if (!v.isValueNode() || v.isNull()) {
      throw new TopologyException(where + " must be a string, not " + describe(v));
    }
    return v.asText();
  }

  /** A scalar of a map (env values may be numbers or booleans in YAML; they are strings to a process). */
  private String scalar(JsonNode v, String where) {
    return v.isNull() ? "" : text(v, where);
  }

  private int integer(JsonNode v, String where) {
    if (!v.canConvertToInt() || !v.isIntegralNumber()) {
      throw new TopologyException(where + " must be a whole number, not " + describe(v));
    }
    return v.asInt();
  }

  private List<String> textList(JsonNode v, String where) {
    if (v.isValueNode() && !v.isNull()) {
      return List.of(v.asText()); // containerlab accepts a lone string where a list is expected
    }
    if (!v.isArray()) {
      throw new TopologyException(where + " must be a list of strings, not " + describe(v));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      out.add(text(v.get(i), where + "[" + i + "]"));
    }
    return out;
  }

  private String name(String s, String what) {
    if (!NAME.matcher(s).matches()) {
      throw new TopologyException(what + " \"" + s + "\" must be letters, digits, '.', '_' or '-'");
    }
    return s;
  }

  private IPAddress address(String s, String where, boolean v4) {
    IPAddress a = new IPAddressString(s).getAddress();
    if (a == null || a.isIPv4() != v4 || a.isPrefixed()) {
      throw new TopologyException(where + ": \"" + s + "\" is not an IPv" + (v4 ? 4 : 6) + " address");
    }
    return a;
  }

  private IPAddress subnet(JsonNode v, String where, boolean v4) {
    String s = text(v, where);
    IPAddress a = new IPAddressString(s).getAddress();
    if (a == null || a.isIPv4() != v4 || !a.isPrefixed() || !a.isPrefixBlock()) {
      throw new TopologyException(where + ": \"" + s + "\" is not an IPv" + (v4 ? 4 : 6) + " subnet");
    }
    return a;
  }

  private static String describe(JsonNode n) {
    Function<JsonNode, String> kind = x -> x.isObject() ? "a mapping" : x.isArray() ? "a list" : x.isNull() ? "empty"
        : "\"" + x.asText() + "\"";
    return kind.apply(n);
  }
}
