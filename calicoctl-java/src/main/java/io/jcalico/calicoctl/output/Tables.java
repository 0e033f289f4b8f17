package io.jcalico.calicoctl.output;

import static io.jcalico.calicoctl.output.GoValues.absent;
import static io.jcalico.calicoctl.output.GoValues.at;
import static io.jcalico.calicoctl.output.GoValues.join;
import static io.jcalico.calicoctl.output.GoValues.pointer;
import static io.jcalico.calicoctl.output.GoValues.v;
import static io.jcalico.calicoctl.output.GoValues.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.common.collect.ImmutableMap;
import io.jcalico.datastore.model.ResourceKind;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The {@code -o ps}, {@code -o wide} and {@code -o custom-columns} tables, kind by kind as
 * calicoctl's resource managers define them: the default and wide headings, and for every heading
 * the cell its Go template prints (zero values, {@code <nil>} pointers, joined lists).
 */
public final class Tables {
  /** A cell of one row; {@code globalAsn} is calicoctl's {@code {{config "asnumber"}}}, read on demand. */
  @FunctionalInterface
  interface Cell {
    String of(JsonNode resource, Supplier<String> globalAsn);
  }

  private record Layout(List<String> headings, List<String> wide, Map<String, Cell> cells) {}

  private Tables() {}

  private static Cell path(String p) {
    return (r, asn) -> value(at(r, p), "");
  }

  private static Cell bool(String p) {
    return (r, asn) -> value(at(r, p), "false");
  }

  private static Cell ptr(String p) {
    return (r, asn) -> pointer(at(r, p));
  }

  /** A {@code *float64} (policy order): the model writes whole floats as integers, Go prints {@code %g}. */
  private static Cell floatPtr(String p) {
    return (r, asn) -> absent(at(r, p)) ? "<nil>" : GoValues.formatG(at(r, p).doubleValue());
  }

  private static Cell joined(String p) {
    return (r, asn) -> join(at(r, p), ",");
  }

  /** {@code {{if .X}}{{.X}}{{else}}dflt{{end}}}: the value when set (non-empty), else the default. */
  private static Cell orElse(String p, String dflt) {
    return (r, asn) -> {
      String s = value(at(r, p), "");
      return s.isEmpty() ? dflt : s;
    };
  }

  private static final Cell NAME = path("metadata.name");
  private static final Cell NAMESPACE = path("metadata.namespace");
  private static final Map<ResourceKind, Layout> LAYOUTS = layouts();

  private static Map<ResourceKind, Layout> layouts() {
    Map<ResourceKind, Layout> m = new EnumMap<>(ResourceKind.class);
    m.put(ResourceKind.BGP_CONFIGURATION, new Layout(
        List.of("NAME", "LOGSEVERITY", "MESHENABLED", "ASNUMBER"),
        List.of("NAME", "LOGSEVERITY", "MESHENABLED", "ASNUMBER"),
        ImmutableMap.of("NAME", NAME, "LOGSEVERITY", path("spec.logSeverityScreen"),
            "MESHENABLED", (r, asn) -> absent(at(r, "spec.nodeToNodeMeshEnabled")) ? "-" : v(at(r, "spec.nodeToNodeMeshEnabled")),
            "ASNUMBER", (r, asn) -> absent(at(r, "spec.asNumber")) ? "-" : v(at(r, "spec.asNumber")))));
    m.put(ResourceKind.BGP_PEER, new Layout(
        List.of("NAME", "PEERIP", "NODE", "ASN"),
        List.of("NAME", "PEERIP", "NODE", "ASN"),
        ImmutableMap.of("NAME", NAME, "PEERIP", path("spec.peerIP"),
            "NODE", (r, asn) -> {
              String node = value(at(r, "spec.node"), "");
              String sel = value(at(r, "spec.nodeSelector"), "");
              return !node.isEmpty() ? node : sel.isEmpty() ? "(global)" : sel;
            },
            "ASN", (r, asn) -> value(at(r, "spec.asNumber"), "0"))));
    m.put(ResourceKind.BGP_FILTER, new Layout(List.of("NAME"), List.of("NAME"), ImmutableMap.of("NAME", NAME)));
    m.put(ResourceKind.CLUSTER_INFORMATION, new Layout(
        List.of("NAME", "CLUSTERGUID", "CLUSTERTYPE", "CALICOVERSION", "DATASTOREREADY"),
        List.of("NAME", "CLUSTERGUID", "CLUSTERTYPE", "CALICOVERSION", "DATASTOREREADY"),
        ImmutableMap.of("NAME", NAME, "CLUSTERGUID", path("spec.clusterGUID"), "CLUSTERTYPE", path("spec.clusterType"),
            "CALICOVERSION", path("spec.calicoVersion"), "DATASTOREREADY", ptr("spec.datastoreReady"))));
    Map<String, Cell> policy = ImmutableMap.of("NAME", NAME, "NAMESPACE", NAMESPACE, "ORDER", floatPtr("spec.order"),
        "SELECTOR", path("spec.selector"), "TIER", path("spec.tier"));
    m.put(ResourceKind.NETWORK_POLICY, new Layout(
        List.of("NAME", "TIER"), List.of("NAME", "TIER", "ORDER", "SELECTOR"), policy));
    m.put(ResourceKind.GLOBAL_NETWORK_POLICY, new Layout(
        List.of("NAME", "TIER"), List.of("NAME", "TIER", "ORDER", "SELECTOR"),
        ImmutableMap.of("NAME", NAME, "ORDER", floatPtr("spec.order"), "SELECTOR", path("spec.selector"), "TIER", path("spec.tier"))));
    m.put(ResourceKind.HOST_ENDPOINT, new Layout(
        List.of("NAME", "NODE"),
        List.of("NAME", "NODE", "INTERFACE", "IPS", "PROFILES"),
        ImmutableMap.of("NAME", NAME, "NODE", path("spec.node"), "INTERFACE", path("spec.interfaceName"),
            "IPS", joined("spec.expectedIPs"), "PROFILES", joined("spec.profiles"))));
    m.put(ResourceKind.IP_POOL, new Layout(
        List.of("NAME", "CIDR", "SELECTOR"),
        List.of("NAME", "CIDR", "NAT", "IPIPMODE", "VXLANMODE", "DISABLED", "DISABLEBGPEXPORT", "SELECTOR", "ASSIGNMENTMODE"),
        ImmutableMap.<String, Cell>builder().put("NAME", NAME).put("CIDR", path("spec.cidr"))
            .put("NAT", bool("spec.natOutgoing"))
            .put("IPIPMODE", orElse("spec.ipipMode", "Never")).put("VXLANMODE", orElse("spec.vxlanMode", "Never"))
            .put("DISABLED", bool("spec.disabled")).put("DISABLEBGPEXPORT", bool("spec.disableBGPExport"))
            .put("SELECTOR", path("spec.nodeSelector")).put("ASSIGNMENTMODE", ptr("spec.assignmentMode")).build()));
    m.put(ResourceKind.NODE, new Layout(
        List.of("NAME"),
        List.of("NAME", "ASN", "IPV4", "IPV6"),
        ImmutableMap.of("NAME", NAME,
            "ASN", (r, asn) -> {
              JsonNode bgp = at(r, "spec.bgp");
              if (absent(bgp)) return "";
              return absent(bgp.path("asNumber")) ? "(" + asn.get() + ")" : v(bgp.path("asNumber"));
            },
            "IPV4", path("spec.bgp.ipv4Address"), "IPV6", path("spec.bgp.ipv6Address"))));
    m.put(ResourceKind.PROFILE, new Layout(
        List.of("NAME"), List.of("NAME", "LABELS"),
        ImmutableMap.of("NAME", NAME, "LABELS", joined("spec.labelsToApply"))));
    m.put(ResourceKind.WORKLOAD_ENDPOINT, new Layout(
        List.of("WORKLOAD", "NODE", "NETWORKS", "INTERFACE"),
        List.of("NAME", "WORKLOAD", "NODE", "NETWORKS", "INTERFACE", "PROFILES", "NATS"),
        ImmutableMap.<String, Cell>builder().put("NAME", NAME).put("NAMESPACE", NAMESPACE).put("NODE", path("spec.node"))
            .put("ORCHESTRATOR", path("spec.orchestrator")).put("WORKLOAD", (r, asn) -> {
              String w = value(at(r, "spec.workload"), "");
              return w.isEmpty() ? value(at(r, "spec.pod"), "") : w;
            })
            .put("NETWORKS", joined("spec.ipNetworks")).put("NATS", joined("spec.ipNATs"))
            .put("PROFILES", joined("spec.profiles")).put("INTERFACE", path("spec.interfaceName")).build()));
    return m;
  }

  /** The kinds calicoctl has tables for. */
  public static boolean hasTable(ResourceKind kind) {
    return LAYOUTS.containsKey(kind);
  }

  /**
   * The headings of {@code -o ps} or {@code -o wide}, with NAMESPACE first when the namespace is
   * printed ({@code -n} or {@code -A}) and the kind has one.
   */
  public static List<String> headings(ResourceKind kind, boolean wide, boolean printNamespace) {
    Layout l = layout(kind);
    List<String> out = new ArrayList<>();
    if (printNamespace && l.cells().containsKey("NAMESPACE")) out.add("NAMESPACE");
    out.addAll(wide ? l.wide() : l.headings());
    return out;
  }

  /**
   * One table: the headings and a row per resource. A heading the kind does not have fails with
   * calicoctl's message naming the valid ones.
   */
  public static String render(ResourceKind kind, List<String> headings, List<JsonNode> rows, Supplier<String> globalAsn) {
    Layout l = layout(kind);
    List<Cell> cells = new ArrayList<>();
    for (String h : headings) {
      Cell c = l.cells().get(h);
      if (c == null) {
        throw new IllegalArgumentException("Unknown heading " + h + ", valid values are: "
            + String.join(", ", new TreeSet<>(l.cells().keySet())));
      }
      cells.add(c);
    }
    List<List<String>> table = new ArrayList<>();
    for (JsonNode r : rows) table.add(cells.stream().map(c -> c.of(r, globalAsn)).toList());
    return GoTable.render(headings, table);
  }

  private static Layout layout(ResourceKind kind) {
    Layout l = LAYOUTS.get(kind);
    if (l == null) throw new IllegalArgumentException("no table layout for " + kind.kindName());
    return l;
  }
}
