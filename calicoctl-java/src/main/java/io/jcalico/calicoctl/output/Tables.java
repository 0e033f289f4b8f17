package io.jcalico.calicoctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.datastore.model.ResourceKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The columns calicoctl prints for each kind, in {@code -o ps} and {@code -o wide}. */
public final class Tables {
  private Tables() {}

  /**
   * @param wide {@code -o wide}
   * @param allNamespaces a NAMESPACE column first for namespaced kinds
   * @param defaultAsn shown as "(asn)" for nodes that inherit the global AS number
   */
  public static List<Column> columns(ResourceKind kind, boolean wide, boolean allNamespaces, String defaultAsn) {
    List<Column> cols = new ArrayList<>();
    if (allNamespaces && kind.namespaced()) cols.add(Column.path("NAMESPACE", "metadata.namespace"));
    Column name = Column.path("NAME", "metadata.name");
    switch (kind) {
      case BGP_PEER -> {
        cols.add(name);
        cols.add(Column.path("PEERIP", "spec.peerIP"));
        cols.add(new Column("NODE", t -> {
          String node = Column.text(t.path("spec").path("node"));
          String sel = Column.text(t.path("spec").path("nodeSelector"));
          return !node.isEmpty() ? node : !sel.isEmpty() ? sel : "(global)";
        }));
        cols.add(Column.path("ASN", "spec.asNumber"));
      }
      case IP_POOL -> {
        cols.add(name);
        cols.add(Column.path("CIDR", "spec.cidr"));
        if (wide) {
          cols.add(new Column("NAT", t -> bool(t.path("spec").path("natOutgoing"))));
          cols.add(new Column("IPIPMODE", t -> orDefault(t.path("spec").path("ipipMode"), "Never")));
          cols.add(new Column("VXLANMODE", t -> orDefault(t.path("spec").path("vxlanMode"), "Never")));
          cols.add(new Column("DISABLED", t -> bool(t.path("spec").path("disabled"))));
          cols.add(new Column("DISABLEBGPEXPORT", t -> bool(t.path("spec").path("disableBGPExport"))));
        }
        cols.add(new Column("SELECTOR", t -> orDefault(t.path("spec").path("nodeSelector"), "all()")));
      }
      case NODE -> {
        cols.add(name);
        if (wide) {
          cols.add(new Column("ASN", t -> {
            String asn = Column.text(t.path("spec").path("bgp").path("asNumber"));
            return !asn.isEmpty() ? asn : defaultAsn == null ? "" : "(" + defaultAsn + ")";
          }));
          cols.add(Column.path("IPV4", "spec.bgp.ipv4Address"));
          cols.add(Column.path("IPV6", "spec.bgp.ipv6Address"));
        }
      }
      case WORKLOAD_ENDPOINT -> {
        if (wide) cols.add(name);
        cols.add(Column.path("WORKLOAD", "spec.workload"));
        cols.add(Column.path("NODE", "spec.node"));
        cols.add(Column.path("NETWORKS", "spec.ipNetworks"));
        cols.add(Column.path("INTERFACE", "spec.interfaceName"));
        if (wide) {
          cols.add(Column.path("PROFILES", "spec.profiles"));
          cols.add(Column.path("NATS", "spec.ipNATs"));
        }
      }
      case HOST_ENDPOINT -> {
        cols.add(name);
        cols.add(Column.path("NODE", "spec.node"));
        if (wide) {
          cols.add(Column.path("INTERFACE", "spec.interfaceName"));
          cols.add(Column.path("IPS", "spec.expectedIPs"));
          cols.add(Column.path("PROFILES", "spec.profiles"));
        }
      }
      default -> cols.add(name);
    }
    return cols;
  }

  /** Columns by header for {@code -o custom-columns=A,B}, from every column the kind has. */
  public static List<Column> custom(ResourceKind kind, List<String> headers) {
    List<Column> all = new ArrayList<>(columns(kind, true, true, null));
    List<Column> out = new ArrayList<>();
    for (String h : headers) {
      String want = h.trim().toUpperCase(Locale.ROOT);
      out.add(all.stream().filter(c -> c.header().equals(want)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown column '" + h + "' for " + kind.plural()
              + " (columns: " + all.stream().map(Column::header).toList() + ")")));
    }
    return out;
  }

  private static String bool(JsonNode n) {
    return n.isBoolean() ? Boolean.toString(n.asBoolean()) : "false";
  }

  private static String orDefault(JsonNode n, String dflt) {
    String s = Column.text(n);
    return s.isEmpty() ? dflt : s;
  }

  /** Space-aligned columns as calicoctl prints them (three spaces between columns). */
  public static String render(List<Column> cols, List<JsonNode> rows) {
    int[] width = new int[cols.size()];
    List<String[]> cells = new ArrayList<>();
    String[] head = cols.stream().map(Column::header).toArray(String[]::new);
    cells.add(head);
    for (JsonNode r : rows) cells.add(cols.stream().map(c -> c.cell().apply(r)).toArray(String[]::new));
    for (String[] row : cells) {
      for (int i = 0; i < row.length; i++) width[i] = Math.max(width[i], row[i].length());
    }
    StringBuilder sb = new StringBuilder();
    for (String[] row : cells) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        line.append(row[i]);
        if (i < row.length - 1) line.append(" ".repeat(width[i] - row[i].length() + 3));
      }
      sb.append(line.toString().stripTrailing()).append('\n');
    }
    return sb.toString();
  }
}
