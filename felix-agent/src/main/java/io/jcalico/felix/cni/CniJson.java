package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.DECODE_FAILURE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.AddressStringException;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Strict readers over Jackson trees: a field of the wrong JSON type is an error with the field's
 * path, never silently coerced (a config {@code "mtu":"1500"} is refused, as Go's decoder does).
 */
final class CniJson {
  static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private CniJson() {}

  /** The whole of {@code bytes} as one JSON object, else code 6. */
  static ObjectNode parseObject(byte[] bytes, String what) throws CniException {
    JsonNode node;
    try {
      node = bytes.length == 0 ? null : MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new CniException(DECODE_FAILURE, "error decoding " + what, conciseMessage(e));
    }
    if (node == null || node.isMissingNode()) {
      throw new CniException(DECODE_FAILURE, "error decoding " + what, "empty input");
    }
    if (!node.isObject()) {
      throw new CniException(DECODE_FAILURE, "error decoding " + what, "not a JSON object");
    }
    return (ObjectNode) node;
  }

  static String write(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree we built cannot fail to serialize", e);
    }
  }

  static Optional<String> text(JsonNode obj, String field, String path, CniErrorCode code) throws CniException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw wrongType(path + field, "a string", code);
    }
    return Optional.of(v.textValue());
  }

  static Optional<JsonNode> object(JsonNode obj, String field, String path, CniErrorCode code) throws CniException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw wrongType(path + field, "an object", code);
    }
    return Optional.of(v);
  }

  static List<JsonNode> array(JsonNode obj, String field, String path, CniErrorCode code) throws CniException {
    JsonNode v = obj.get(field);
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!v.isArray()) {
      throw wrongType(path + field, "an array", code);
    }
    List<JsonNode> items = new ArrayList<>();
    v.forEach(items::add);
    return items;
  }

  static List<String> strings(JsonNode obj, String field, String path, CniErrorCode code) throws CniException {
    List<String> out = new ArrayList<>();
    for (JsonNode item : array(obj, field, path, code)) {
      if (!item.isTextual()) {
        throw wrongType(path + field + "[]", "a string", code);
      }
      out.add(item.textValue());
    }
    return out;
  }

  /** An address, with or without prefix length. */
  static IPAddress address(String s, String path, CniErrorCode code) throws CniException {
    try {
      return new IPAddressString(s).toAddress();
    } catch (AddressStringException e) {
      throw new CniException(code, path + ": invalid IP address \"" + s + "\"", e.getMessage());
    }
  }

  static Optional<IPAddress> optionalAddress(JsonNode obj, String field, String path, CniErrorCode code)
      throws CniException {
    Optional<String> s = text(obj, field, path, code);
    return s.isEmpty() ? Optional.empty() : Optional.of(address(s.get(), path + field, code));
  }

  static CniException wrongType(String field, String expected, CniErrorCode code) {
    return new CniException(code, field + " must be " + expected, "");
  }

  private static String conciseMessage(IOException e) {
    String m = e.getMessage();
    int cut = m == null ? -1 : m.indexOf("\n at [Source");
    return cut < 0 ? String.valueOf(m) : m.substring(0, cut);
  }
}
