package io.jcalico.calicoctl.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where the datastore is, found as calicoctl finds it: the {@code --config} file, else
 * {@code /etc/calico/calicoctl.cfg} when it exists ({@code kind: CalicoAPIConfig},
 * {@code spec.datastoreType}, {@code spec.etcdEndpoints}), else the environment
 * ({@code DATASTORE_TYPE}, {@code ETCD_ENDPOINTS}), else etcd on localhost. Only the etcdv3
 * datastore exists here.
 */
public record DatastoreConfig(String datastoreType, List<String> etcdEndpoints) {
  public static final String DEFAULT_CONFIG = "/etc/calico/calicoctl.cfg";
  public static final String DEFAULT_ENDPOINTS = "http://127.0.0.1:2379";

  public DatastoreConfig {
    etcdEndpoints = List.copyOf(etcdEndpoints);
  }

  /** The configuration, or {@link IllegalArgumentException} saying what is wrong with it. */
  public static DatastoreConfig resolve(String configFile, Map<String, String> env) {
    if (configFile != null) return fromFile(Path.of(configFile));
    if (Files.isReadable(Path.of(DEFAULT_CONFIG))) return fromFile(Path.of(DEFAULT_CONFIG));
    return checked(env.getOrDefault("DATASTORE_TYPE", "etcdv3"), env.getOrDefault("ETCD_ENDPOINTS", DEFAULT_ENDPOINTS));
  }

  static DatastoreConfig fromFile(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(file));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("config file " + file + " is not valid YAML or JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalArgumentException("open " + file + ": " + (e instanceof java.nio.file.NoSuchFileException
          ? "no such file or directory" : e.getMessage()), e);
    }
    if (root == null || !"CalicoAPIConfig".equals(root.path("kind").asText())) {
      throw new IllegalArgumentException("config file " + file + " is not a CalicoAPIConfig (kind: "
          + (root == null ? "none" : root.path("kind").asText("none")) + ")");
    }
    JsonNode spec = root.path("spec");
    return checked(spec.path("datastoreType").asText("etcdv3"), spec.path("etcdEndpoints").asText(DEFAULT_ENDPOINTS));
  }

  private static DatastoreConfig checked(String type, String endpoints) {
    if (!type.equals("etcdv3")) {
      throw new IllegalArgumentException("datastore type \"" + type
          + "\" is not supported: this calicoctl talks to the etcdv3 datastore only");
    }
    List<String> eps = java.util.Arrays.stream(endpoints.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    if (eps.isEmpty()) throw new IllegalArgumentException("no etcd endpoints configured");
    return new DatastoreConfig(type, eps);
  }
}
