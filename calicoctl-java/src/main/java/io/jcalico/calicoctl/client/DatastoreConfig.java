package io.jcalico.calicoctl.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where the datastore is, chosen as calicoctl chooses: a {@code --config} file
 * ({@code kind: CalicoAPIConfig}, {@code spec.datastoreType}, {@code spec.etcdEndpoints}), else the
 * environment ({@code DATASTORE_TYPE}, {@code ETCD_ENDPOINTS}), else
 * {@code /etc/calico/calicoctl.cfg} when present, else etcd on localhost.
 */
public record DatastoreConfig(String datastoreType, String etcdEndpoints) {
  public static final String DEFAULT_CONFIG = "/etc/calico/calicoctl.cfg";
  public static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:2379";

  public static DatastoreConfig resolve(String configFile, Map<String, String> env) {
    if (configFile != null) return fromFile(Path.of(configFile));
    String type = env.get("DATASTORE_TYPE");
    String eps = env.get("ETCD_ENDPOINTS");
    if (type != null || eps != null) {
      return checked(type == null ? "etcdv3" : type, eps == null ? DEFAULT_ENDPOINTS : eps, "the environment");
    }
    if (Files.isReadable(Path.of(DEFAULT_CONFIG))) return fromFile(Path.of(DEFAULT_CONFIG));
    return new DatastoreConfig("etcdv3", DEFAULT_ENDPOINTS);
  }

  static DatastoreConfig fromFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
    }
    if (root == null || !"CalicoAPIConfig".equals(root.path("kind").asText())) {
      throw new IllegalArgumentException("config file " + file + ": expected kind: CalicoAPIConfig");
    }
    JsonNode spec = root.path("spec");
    return checked(spec.path("datastoreType").asText("etcdv3"),
        spec.path("etcdEndpoints").asText(DEFAULT_ENDPOINTS), "config file " + file);
  }

  private static DatastoreConfig checked(String type, String endpoints, String source) {
    if (!type.equals("etcdv3")) {
      throw new IllegalArgumentException(source + ": datastoreType \"" + type
          + "\" is not supported (only etcdv3; the Kubernetes API datastore is not implemented)");
    }
    return new DatastoreConfig(type, endpoints);
  }
}
