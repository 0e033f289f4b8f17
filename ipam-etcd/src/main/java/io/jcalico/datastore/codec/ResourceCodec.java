package io.jcalico.datastore.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads and writes v3 resources as YAML and JSON, in the shape calicoctl reads and writes:
 * {@code apiVersion}, {@code kind}, {@code metadata}, {@code spec}; several documents in one YAML
 * stream; {@code <Kind>List} with {@code items}. Unknown fields are errors (as calicoctl's strict
 * decoding), and every error names the document and the field.
 */
public final class ResourceCodec {

  private static final ResourceCodec INSTANCE = new ResourceCodec();

  private final ObjectMapper json;
  private final ObjectMapper yaml;

  private ResourceCodec() {
    json = configure(JsonMapper.builder()).build();
    YAMLFactory yf = YAMLFactory.builder()
        .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
        .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
        .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
        .build();
    yaml = configure(YAMLMapper.builder(yf)).build();
  }

  private static <M extends ObjectMapper, B extends com.fasterxml.jackson.databind.cfg.MapperBuilder<M, B>> B configure(B b) {
    return b.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
        .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
        .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
        .serializationInclusion(JsonInclude.Include.NON_NULL);
  }

  public static ResourceCodec get() {
    return INSTANCE;
  }

  /** The mapper for JSON trees; YAML parsing converts to the same trees. */
  public ObjectMapper json() {
    return json;
  }

  /**
   * Every resource in a text of one or more YAML documents or a JSON document; {@code <Kind>List}
   * documents are expanded to their items. Nothing is returned unless every document parses.
   */
  public List<Resource> parseAll(String text) {
    List<JsonNode> docs = readDocuments(text);
    List<Resource> out = new ArrayList<>();
    int index = 0;
    for (JsonNode doc : docs) {
      index++;
      String where = docs.size() > 1 ? "document " + index : "document";
      if (doc == null || doc.isNull() || doc.isMissingNode() || (doc.isObject() && doc.isEmpty())) {
        continue; // an empty YAML document ("---" twice) is not an error
      }
      if (doc.isArray()) {
        int i = 0;
        for (JsonNode item : doc) {
          out.add(fromTree(item, where + " item " + i++, null));
        }
        continue;
      }
      out.addAll(expand(doc, where));
    }
    return out;
  }

  /** Exactly one resource, or an error that says how many there were. */
  public Resource parseOne(String text) {
    List<Resource> all = parseAll(text);
    if (all.size() != 1) {
      throw new ResourceParseException("expected exactly one resource, found " + all.size());
    }
    return all.get(0);
  }

  private List<JsonNode> readDocuments(String text) {
    String trimmed = text.stripLeading();
    try {
      if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
        return List.of(json.readTree(text));
      }
      List<JsonNode> docs = new ArrayList<>();
      try (var it = yaml.readerFor(JsonNode.class).<JsonNode>readValues(text)) {
        while (it.hasNextValue()) {
          docs.add(it.nextValue());
        }
      }
      return docs;
    } catch (JsonProcessingException e) {
      throw new ResourceParseException("not valid " + (trimmed.startsWith("{") ? "JSON" : "YAML") + ": "
          + e.getOriginalMessage() + location(e), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      // MappingIterator wraps parse errors in RuntimeJsonMappingException
      Throwable c = e.getCause() instanceof JsonProcessingException jp ? jp : e;
      String msg = c instanceof JsonProcessingException jp ? jp.getOriginalMessage() + location(jp) : c.getMessage();
      throw new ResourceParseException("not valid YAML: " + msg, e);
    }
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
  }

  private List<Resource> expand(JsonNode doc, String where) {
    if (!doc.isObject()) {
      throw new ResourceParseException(where + ": expected a mapping with apiVersion and kind, got " + doc.getNodeType().name().toLowerCase());
    }
    String kind = doc.path("kind").asText("");
    if (kind.endsWith("List") && doc.has("items")) {
      String itemKind = kind.substring(0, kind.length() - 4);
      String apiVersion = doc.path("apiVersion").asText("");
      if (!doc.get("items").isArray()) {
        throw new ResourceParseException(where + " (" + kind + "): items must be a list");
      }
      List<Resource> out = new ArrayList<>();
      int i = 0;
      for (JsonNode item : doc.get("items")) {
        ObjectNode copy = item.isObject() ? ((ObjectNode) item).deepCopy() : null;
        if (copy == null) {
          throw new ResourceParseException(where + " (" + kind + ") item " + i + ": expected a mapping");
        }
        if (!copy.has("kind")) copy.put("kind", itemKind);
        if (!copy.has("apiVersion")) copy.put("apiVersion", apiVersion);
        out.add(fromTree(copy, where + " (" + kind + ") item " + i++, null));
      }
      return out;
    }
    return List.of(fromTree(doc, where, null));
  }

  /**
   * One resource from a tree. {@code expected} (may be null) is the kind the caller requires, as
   * for a stored value.
   */
  public Resource fromTree(JsonNode node, String where, ResourceKind expected) {
    if (!node.isObject()) {
      throw new ResourceParseException(where + ": expected a mapping with apiVersion and kind");
    }
    String apiVersion = node.path("apiVersion").asText(null);
    String kindName = node.path("kind").asText(null);
    if (expected != null) {
      apiVersion = apiVersion == null ? expected.apiVersion() : apiVersion;
      kindName = kindName == null ? expected.kindName() : kindName;
    }
    if (kindName == null || kindName.isEmpty()) {
      throw new ResourceParseException(where + ": missing field \"kind\"");
    }
    if (apiVersion == null || apiVersion.isEmpty()) {
      throw new ResourceParseException(where + " (" + kindName + "): missing field \"apiVersion\"");
    }
    final String av = apiVersion;
    final String kn = kindName;
    ResourceKind kind = ResourceKind.of(apiVersion, kindName).orElseThrow(() -> new ResourceParseException(
        where + ": unknown resource type " + av + "/" + kn + " (known: " + knownKinds() + ")"));
    if (expected != null && kind != expected) {
      throw new ResourceParseException(where + ": expected " + expected.kindName() + ", found " + kind.kindName());
    }
    ObjectNode body = ((ObjectNode) node).deepCopy();
    body.remove("apiVersion");
    body.remove("kind");
    String name = node.path("metadata").path("name").asText("");
    String label = where + " (" + kind.kindName() + (name.isEmpty() ? "" : "/" + name) + ")";
    if (!body.has("metadata")) {
      throw new ResourceParseException(label + ": missing field \"metadata\"");
    }
    try {
      return json.treeToValue(body, kind.type());
    } catch (UnrecognizedPropertyException e) {
      throw new ResourceParseException(label + ": unknown field \"" + path(e) + "\"", e);
    } catch (InvalidFormatException e) {
      throw new ResourceParseException(label + ": field \"" + path(e) + "\": cannot use "
          + describe(e.getValue()) + " as " + simpleType(e.getTargetType()), e);
    } catch (MismatchedInputException e) {
      throw new ResourceParseException(label + ": field \"" + path(e) + "\": expected "
          + simpleType(e.getTargetType()) + detail(e), e);
    } catch (JsonMappingException e) {
      throw new ResourceParseException(label + ": field \"" + path(e) + "\": " + rootMessage(e), e);
    } catch (JsonProcessingException e) {
      throw new ResourceParseException(label + ": " + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new ResourceParseException(label + ": " + e.getMessage(), e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) t = t.getCause();
    return t == e && e instanceof JsonProcessingException jp ? jp.getOriginalMessage() : t.getMessage();
  }

  private static String detail(MismatchedInputException e) {
    String m = e.getOriginalMessage();
    int cut = m.indexOf(" from ");
    return cut < 0 ? "" : " (got" + m.substring(cut + 5).replaceFirst("\\s*at \\[.*", "") + ")";
  }

  private static String describe(Object v) {
    return v instanceof String s ? "\"" + s + "\"" : String.valueOf(v);
  }

  private static String simpleType(Class<?> t) {
    if (t == null) return "the expected type";
    if (t == Integer.class || t == int.class || t == Long.class || t == long.class) return "an integer";
    if (t == Boolean.class || t == boolean.class) return "a boolean (true or false)";
    if (t == String.class) return "a string";
    if (List.class.isAssignableFrom(t)) return "a list";
    if (Map.class.isAssignableFrom(t)) return "a mapping";
    return t.getSimpleName();
  }

  /** The JSON path of a mapping error, as {@code spec.ingress[0].action}. */
  static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (sb.length() > 0) sb.append('.');
        sb.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        sb.append('[').append(r.getIndex()).append(']');
      }
    }
    return sb.toString();
  }

  private static String knownKinds() {
    return java.util.Arrays.stream(ResourceKind.values()).map(k -> k.kindName()).distinct().collect(Collectors.joining(", "));
  }

  /** The tree of one resource with apiVersion and kind first, as calicoctl prints them. */
  public ObjectNode toTree(Resource r) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("apiVersion", r.kind().apiVersion());
    out.put("kind", r.kind().kindName());
    ObjectNode body = json.valueToTree(r);
    out.setAll(body);
    return out;
  }

  /** A single resource, or a {@code <Kind>List} of all of them (all one kind, or "List"). */
  public ObjectNode toTree(List<? extends Resource> rs, ResourceKind listKind, String listResourceVersion) {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    out.put("apiVersion", listKind == null ? ResourceKind.ApiVersions.CALICO : listKind.apiVersion());
    out.put("kind", listKind == null ? "List" : listKind.listKindName());
    ArrayNode items = out.putArray("items");
    rs.forEach(r -> items.add(toTree(r)));
    ObjectNode meta = out.putObject("metadata");
    if (listResourceVersion != null) meta.put("resourceVersion", listResourceVersion);
    return out;
  }

  public String toYaml(JsonNode tree) {
    try {
      return yaml.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String toJson(JsonNode tree) {
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public String toYaml(Resource r) {
    return toYaml(toTree(r));
  }

  public String toJson(Resource r) {
    return toJson(toTree(r));
  }

  /** The compact JSON stored in etcd: the whole resource without resourceVersion. */
  public byte[] toStoredJson(Resource r) {
    Resource stored = r.metadata() == null ? r : r.withMetadata(r.metadata().withResourceVersion(null));
    try {
      return json.writeValueAsBytes(toTree(stored));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A stored value back into a resource; its resourceVersion is the key's mod revision. */
  public Resource fromStoredJson(ResourceKind kind, byte[] value, long modRevision) {
    JsonNode tree;
    try {
      tree = json.readTree(value);
    } catch (IOException e) {
      throw new ResourceParseException("stored " + kind.kindName() + " is not valid JSON: " + e.getMessage(), e);
    }
    Resource r = fromTree(tree, "stored value", kind);
    ObjectMeta m = r.metadata() == null ? ObjectMeta.named(null) : r.metadata();
    return r.withMetadata(m.withResourceVersion(Long.toString(modRevision)));
  }

  public String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Names of the fields of a tree, for diagnostics. */
  static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) out.add(it.next());
    return out;
  }
}
