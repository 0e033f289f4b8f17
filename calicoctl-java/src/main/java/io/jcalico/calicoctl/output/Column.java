package io.jcalico.calicoctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Function;

/** A table column: its header and how to read the cell from a resource's tree. */
public record Column(String header, Function<JsonNode, String> cell) {

  /** A column showing the text at a dotted path (e.g. "spec.peerIP"); lists are joined with ",". */
  public static Column path(String header, String path) {
    return new Column(header, tree -> text(at(tree, path)));
  }

  static JsonNode at(JsonNode tree, String path) {
    JsonNode n = tree;
    for (String part : path.split("\\.")) n = n.path(part);
    return n;
  }

  static String text(JsonNode n) {
    if (n.isMissingNode() || n.isNull()) return "";
    if (n.isArray()) {
      StringBuilder sb = new StringBuilder();
      n.forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(text(e)));
      return sb.toString();
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }
}
