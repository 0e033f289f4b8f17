package io.jcalico.calicoctl.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Resource trees in the order Go's structs give their JSON: {@code kind} and {@code apiVersion}
 * (TypeMeta) first, then {@code metadata} in Kubernetes ObjectMeta field order, then the rest as
 * the model declares it (the model follows Calico's structs); Go maps (labels, annotations) sorted.
 */
public final class GoDocuments {
  private static final List<String> OBJECT_META = List.of("name", "generateName", "namespace", "selfLink", "uid",
      "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds",
      "labels", "annotations", "ownerReferences", "finalizers", "managedFields");
  private static final Set<String> MAP_FIELDS = Set.of("labels", "annotations", "labelsToApply", "matchLabels");

  private GoDocuments() {}

  /** One resource. */
  public static ObjectNode resource(JsonNode tree) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.set("kind", tree.get("kind"));
    out.set("apiVersion", tree.get("apiVersion"));
    for (Map.Entry<String, JsonNode> e : tree.properties()) {
      switch (e.getKey()) {
        case "kind", "apiVersion" -> { }
        case "metadata" -> out.set("metadata", metadata(e.getValue()));
        default -> out.set(e.getKey(), sortMaps(e.getValue()));
      }
    }
    return out;
  }

  /** A {@code <Kind>List} as libcalico-go returns it: ListMeta carries the etcd revision read at. */
  public static ObjectNode list(String listKind, String apiVersion, String resourceVersion, List<JsonNode> items) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("kind", listKind);
    out.put("apiVersion", apiVersion);
    out.putObject("metadata").put("resourceVersion", resourceVersion);
    ArrayNode arr = out.putArray("items");
    items.forEach(i -> arr.add(resource(i)));
    return out;
  }

  /** Several resources printed together (several names): a plain sequence. */
  public static ArrayNode sequence(List<JsonNode> docs) {
    ArrayNode arr = JsonNodeFactory.instance.arrayNode();
    docs.forEach(arr::add);
    return arr;
  }

  private static JsonNode metadata(JsonNode meta) {
    if (!meta.isObject()) return meta;
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    for (String k : OBJECT_META) {
      if (meta.has(k)) out.set(k, sortMaps(meta.get(k), k));
    }
    meta.properties().forEach(e -> {
      if (!out.has(e.getKey())) out.set(e.getKey(), sortMaps(e.getValue()));
    });
    return out;
  }

  private static JsonNode sortMaps(JsonNode n) {
    return sortMaps(n, null);
  }

  private static JsonNode sortMaps(JsonNode n, String field) {
    if (n.isArray()) {
      ArrayNode arr = JsonNodeFactory.instance.arrayNode();
      n.forEach(e -> arr.add(sortMaps(e)));
      return arr;
    }
    if (!n.isObject()) return n;
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>(n.properties());
    if (field != null && MAP_FIELDS.contains(field)) entries.sort(Map.Entry.comparingByKey());
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    entries.forEach(e -> out.set(e.getKey(), sortMaps(e.getValue(), e.getKey())));
    return out;
  }
}
