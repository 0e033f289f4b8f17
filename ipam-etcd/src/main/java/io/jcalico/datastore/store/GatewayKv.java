package io.jcalico.datastore.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcalico.datastore.etcd.GatewayClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@link ResourceKv} over etcd's JSON gateway: the same single-round-trip reads and
 * compare-and-swap transactions as {@link JetcdKv}, as JSON (keys and values base64, 64-bit
 * numbers as strings, false and zero fields left out).
 */
public final class GatewayKv implements ResourceKv {
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  private final GatewayClient client;

  public GatewayKv(String endpoints, Duration timeout, ObjectMapper json) {
    this.client = new GatewayClient(endpoints, timeout, json);
  }

  @Override
  public Range range(String what, String key, boolean prefix) {
    byte[] k = key.getBytes(UTF_8);
    String body = "{\"key\":\"" + B64.encodeToString(k) + "\""
        + (prefix ? ",\"range_end\":\"" + B64.encodeToString(prefixEnd(k)) + "\"" : "") + "}";
    JsonNode r = client.post(what, "/v3/kv/range", body, true);
    List<Entry> out = new ArrayList<>();
    for (JsonNode kv : r.path("kvs")) {
      out.add(new Entry(new String(UNB64.decode(kv.path("key").asText()), UTF_8), UNB64.decode(kv.path("value").asText("")),
          kv.path("mod_revision").asLong(), kv.path("create_revision").asLong()));
    }
    return new Range(out, revision(r));
  }

  @Override
  public long createIfAbsent(String what, String key, byte[] value) {
    return txn(what, compare(key, "\"target\":\"VERSION\",\"version\":\"0\""), put(key, value));
  }

  @Override
  public long putIfModRevision(String what, String key, byte[] value, long modRevision) {
    return txn(what, compare(key, "\"target\":\"MOD\",\"mod_revision\":\"" + modRevision + "\""), put(key, value));
  }

  @Override
  public boolean deleteIfModRevision(String what, String key, long modRevision) {
    String op = "{\"request_delete_range\":{\"key\":\"" + b64(key) + "\"}}";
    return txn(what, compare(key, "\"target\":\"MOD\",\"mod_revision\":\"" + modRevision + "\""), op) >= 0;
  }

  private long txn(String what, String compare, String op) {
    JsonNode r = client.post(what, "/v3/kv/txn", "{\"compare\":[" + compare + "],\"success\":[" + op + "]}", false);
    return r.path("succeeded").asBoolean(false) ? revision(r) : -1;
  }

  private static String compare(String key, String target) {
    return "{\"key\":\"" + b64(key) + "\",\"result\":\"EQUAL\"," + target + "}";
  }

  private static String put(String key, byte[] value) {
    return "{\"request_put\":{\"key\":\"" + b64(key) + "\",\"value\":\"" + B64.encodeToString(value) + "\"}}";
  }

  private static long revision(JsonNode r) {
    return r.path("header").path("revision").asLong();
  }

  private static String b64(String s) {
    return B64.encodeToString(s.getBytes(UTF_8));
  }

  /** etcd's range end for "every key starting with": the prefix with its last byte below 0xff incremented. */
  static byte[] prefixEnd(byte[] prefix) {
    for (int i = prefix.length - 1; i >= 0; i--) {
      if ((prefix[i] & 0xff) != 0xff) {
        byte[] end = Arrays.copyOf(prefix, i + 1);
        end[i]++;
        return end;
      }
    }
    return new byte[] {0};
  }

  @Override
  public void close() {
    client.close();
  }
}
