package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.DECODE_FAILURE;
import static io.jcalico.felix.cni.CniErrorCode.INVALID_NETWORK_CONFIG;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Splitter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * One plugin's network configuration as the runtime hands it on stdin: the conflist's
 * {@code cniVersion} and {@code name} merged into the plugin entry, with Calico's own keys.
 * Wrong JSON types are decode failures (6); values that parse but make no sense are invalid
 * configuration (7). The version is checked by the caller, since which versions are acceptable
 * depends on the command.
 *
 * @param cniVersion as written; "0.1.0" when absent, as libcni reads it
 * @param mtu 0 when not set
 * @param etcdEndpoints informational: the daemon has its own datastore connection
 * @param prevResult the previous result for DEL/CHECK, unparsed until needed
 * @param runtimeConfig capability arguments from the runtime, or an empty object
 */
public record NetConf(
    String cniVersion,
    String name,
    String type,
    Ipam ipam,
    List<String> etcdEndpoints,
    int mtu,
    String logLevel,
    String datastoreType,
    String nodename,
    String policyType,
    CniResult.Dns dns,
    Optional<JsonNode> prevResult,
    JsonNode runtimeConfig) {

  static final String CALICO_IPAM = "calico-ipam";
  private static final Set<String> LOG_LEVELS =
      Set.of("", "trace", "debug", "info", "warn", "warning", "error", "fatal", "panic", "none");
  private static final Set<String> DATASTORES = Set.of("", "etcdv3");

  /**
   * The {@code ipam} section, with calico-ipam's keys.
   *
   * @param pools pool names or CIDRs, as Calico's {@code ipv4_pools}/{@code ipv6_pools}
   */
  public record Ipam(String type, boolean assignIpv4, boolean assignIpv6, List<String> ipv4Pools,
      List<String> ipv6Pools) {
    public Ipam {
      ipv4Pools = List.copyOf(ipv4Pools);
      ipv6Pools = List.copyOf(ipv6Pools);
    }

    static Ipam parse(JsonNode node) throws CniException {
      String p = "ipam.";
      Ipam ipam = new Ipam(
          CniJson.text(node, "type", p, DECODE_FAILURE).orElse(""),
          flag(node, "assign_ipv4", true),
          flag(node, "assign_ipv6", false),
          CniJson.strings(node, "ipv4_pools", p, DECODE_FAILURE),
          CniJson.strings(node, "ipv6_pools", p, DECODE_FAILURE));
      if (!ipam.assignIpv4 && !ipam.assignIpv6) {
        throw new CniException(INVALID_NETWORK_CONFIG, "ipam assigns no address", "assign_ipv4 and assign_ipv6 are both false");
      }
      return ipam;
    }

    /** Calico writes these as strings ("true"); a JSON boolean is taken too. */
    private static boolean flag(JsonNode node, String field, boolean dflt) throws CniException {
      JsonNode v = node.get(field);
      if (v == null || v.isNull()) {
        return dflt;
      }
      if (v.isBoolean()) {
        return v.booleanValue();
      }
      if (v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
        return Boolean.parseBoolean(v.textValue());
      }
      throw new CniException(INVALID_NETWORK_CONFIG, "ipam." + field + " must be \"true\" or \"false\"", v.toString());
    }
  }

  public static NetConf parse(byte[] stdin) throws CniException {
    ObjectNode o = CniJson.parseObject(stdin, "network config");
    String version = CniJson.text(o, "cniVersion", "", DECODE_FAILURE).orElse("0.1.0");
    String name = CniJson.text(o, "name", "", DECODE_FAILURE).orElse("");
    if (name.isEmpty()) {
      throw new CniException(INVALID_NETWORK_CONFIG, "missing network name", "");
    }
    Optional<JsonNode> ipamNode = CniJson.object(o, "ipam", "", DECODE_FAILURE);
    Ipam ipam = ipamNode.isPresent()
        ? Ipam.parse(ipamNode.get())
        : new Ipam("", true, false, List.of(), List.of());
    String logLevel = CniJson.text(o, "log_level", "", DECODE_FAILURE).orElse("");
    if (!LOG_LEVELS.contains(logLevel.toLowerCase(Locale.ROOT))) {
      throw new CniException(INVALID_NETWORK_CONFIG, "unknown log_level \"" + logLevel + "\"", "");
    }
    String datastore = CniJson.text(o, "datastore_type", "", DECODE_FAILURE).orElse("");
    if (!DATASTORES.contains(datastore)) {
      throw new CniException(INVALID_NETWORK_CONFIG, "unsupported datastore_type \"" + datastore + "\"",
          "this calico-node keeps its data in etcd: use \"etcdv3\"");
    }
    Optional<JsonNode> policy = CniJson.object(o, "policy", "", DECODE_FAILURE);
    Optional<JsonNode> dns = CniJson.object(o, "dns", "", DECODE_FAILURE);
    Optional<JsonNode> prev = CniJson.object(o, "prevResult", "", DECODE_FAILURE);
    return new NetConf(
        version,
        name,
        CniJson.text(o, "type", "", DECODE_FAILURE).orElse(""),
        ipam,
        Splitter.on(',').trimResults().omitEmptyStrings()
            .splitToList(CniJson.text(o, "etcd_endpoints", "", DECODE_FAILURE).orElse("")),
        mtu(o),
        logLevel,
        datastore.isEmpty() ? "etcdv3" : datastore,
        CniJson.text(o, "nodename", "", DECODE_FAILURE).orElse(""),
        policy.isPresent() ? CniJson.text(policy.get(), "type", "policy.", DECODE_FAILURE).orElse("") : "",
        dns.isPresent() ? CniResult.Dns.parse(dns.get(), "dns.", INVALID_NETWORK_CONFIG) : CniResult.Dns.EMPTY,
        prev,
        CniJson.object(o, "runtimeConfig", "", DECODE_FAILURE).orElse(CniJson.MAPPER.createObjectNode()));
  }

  private static int mtu(ObjectNode o) throws CniException {
    JsonNode v = o.get("mtu");
    if (v == null || v.isNull()) {
      return 0;
    }
    if (!v.isIntegralNumber()) {
      throw CniJson.wrongType("mtu", "an integer", DECODE_FAILURE);
    }
    // 0 means "the default"; IPv4 needs at least 68 and a link cannot carry more than 65535.
    if (v.isInt() && (v.intValue() == 0 || (v.intValue() >= 68 && v.intValue() <= 65535))) {
      return v.intValue();
    }
    throw new CniException(INVALID_NETWORK_CONFIG, "mtu must be between 68 and 65535", v.toString());
  }
}
