package io.jcalico.calicoctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * JSON as Go's {@code json.MarshalIndent(v, "", "  ")} writes it: two-space indent, {@code ": "},
 * {@code {}} and {@code []} when empty, {@code <>&} and U+2028/9 escaped, floats in Go's notation.
 * Keys come out in the tree's order; {@link GoDocuments} puts them in Go's struct order first.
 */
public final class GoJson {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoJson() {}

  /** The document without a trailing newline. */
  public static String write(JsonNode tree) {
    StringBuilder sb = new StringBuilder();
    value(sb, tree, "");
    return sb.toString();
  }

  private static void value(StringBuilder sb, JsonNode n, String indent) {
    if (GoValues.absent(n)) {
      sb.append("null");
    } else if (n.isObject()) {
      if (n.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      String inner = indent + "  ";
      for (Iterator<Map.Entry<String, JsonNode>> it = n.properties().iterator(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        sb.append(inner);
        string(sb, e.getKey());
        sb.append(": ");
        value(sb, e.getValue(), inner);
        sb.append(it.hasNext() ? ",\n" : "\n");
      }
      sb.append(indent).append('}');
    } else if (n.isArray()) {
      if (n.isEmpty()) {
        sb.append("[]");
        return;
      }
      sb.append("[\n");
      String inner = indent + "  ";
      for (int i = 0; i < n.size(); i++) {
        sb.append(inner);
        value(sb, n.get(i), inner);
        sb.append(i < n.size() - 1 ? ",\n" : "\n");
      }
      sb.append(indent).append(']');
    } else if (n.isTextual()) {
      string(sb, n.asText());
    } else if (n.isFloatingPointNumber()) {
      sb.append(GoValues.formatJson(n.doubleValue()));
    } else {
      sb.append(n.asText());
    }
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
            sb.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xF]).append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}
