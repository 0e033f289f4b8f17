package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniErrorCode.DECODE_FAILURE;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.mac.MACAddress;
import inet.ipaddr.MACAddressString;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of ADD (and the {@code prevResult} of DEL/CHECK). Written in the layout of the
 * config's {@code cniVersion}: 1.0.0; 0.3.x/0.4.0 (the same, plus {@code "version"} per IP); or the
 * legacy {@code ip4}/{@code ip6} layout of 0.1.0/0.2.0. Fields are omitted when empty as the
 * reference plugins omit them, except {@code dns}, which they always print.
 */
public record CniResult(List<Interface> interfaces, List<IpConfig> ips, List<Route> routes, Dns dns) {

  /**
   * @param mac null when unknown
   * @param sandbox the netns path, only for interfaces inside the container; empty on the host
   */
  public record Interface(String name, MACAddress mac, String sandbox) {
    public Interface {
      Objects.requireNonNull(name, "name");
      sandbox = sandbox == null ? "" : sandbox;
    }
  }

  /**
   * @param address the address with its prefix length
   * @param gateway null when none
   * @param interfaceIndex index into {@link #interfaces}, or null
   */
  public record IpConfig(IPAddress address, IPAddress gateway, Integer interfaceIndex) {
    public IpConfig {
      Objects.requireNonNull(address, "address");
    }

    public boolean isIpv4() {
      return address.isIPv4();
    }
  }

  /** The {@code dns} object: copied from the network config. */
  public record Dns(List<IPAddress> nameservers, String domain, List<String> search, List<String> options) {
    public static final Dns EMPTY = new Dns(List.of(), "", List.of(), List.of());

    public Dns {
      nameservers = List.copyOf(nameservers);
      domain = domain == null ? "" : domain;
      search = List.copyOf(search);
      options = List.copyOf(options);
    }

    static Dns parse(JsonNode node, String path, CniErrorCode code) throws CniException {
      List<IPAddress> servers = new ArrayList<>();
      for (String s : CniJson.strings(node, "nameservers", path, code)) {
        servers.add(CniJson.address(s, path + "nameservers", code));
      }
      return new Dns(servers, CniJson.text(node, "domain", path, code).orElse(""),
          CniJson.strings(node, "search", path, code), CniJson.strings(node, "options", path, code));
    }

    ObjectNode toJson() {
      ObjectNode o = CniJson.MAPPER.createObjectNode();
      if (!nameservers.isEmpty()) {
        ArrayNode a = o.putArray("nameservers");
        nameservers.forEach(n -> a.add(n.toCanonicalString()));
      }
      if (!domain.isEmpty()) {
        o.put("domain", domain);
      }
      if (!search.isEmpty()) {
        search.forEach(o.putArray("search")::add);
      }
      if (!options.isEmpty()) {
        options.forEach(o.putArray("options")::add);
      }
      return o;
    }
  }

  public CniResult {
    interfaces = List.copyOf(interfaces);
    ips = List.copyOf(ips);
    routes = List.copyOf(routes);
    dns = dns == null ? Dns.EMPTY : dns;
  }

  /** What an IPAM plugin returns: addresses only. */
  public static CniResult ipsOnly(List<IpConfig> ips) {
    return new CniResult(List.of(), ips, List.of(), Dns.EMPTY);
  }

  public String toJson(CniVersion version) {
    ObjectNode o = CniJson.MAPPER.createObjectNode();
    o.put("cniVersion", version.toString());
    if (version.hasLegacyResult()) {
      legacyFamily(o, "ip4", true);
      legacyFamily(o, "ip6", false);
    } else {
      if (!interfaces.isEmpty()) {
        ArrayNode a = o.putArray("interfaces");
        for (Interface i : interfaces) {
          ObjectNode n = a.addObject().put("name", i.name());
          if (i.mac() != null) {
            n.put("mac", i.mac().toColonDelimitedString());
          }
          if (!i.sandbox().isEmpty()) {
            n.put("sandbox", i.sandbox());
          }
        }
      }
      if (!ips.isEmpty()) {
        ArrayNode a = o.putArray("ips");
        for (IpConfig ip : ips) {
          ObjectNode n = a.addObject();
          if (!version.atLeast(CniVersion.V1_0_0)) {
            n.put("version", ip.isIpv4() ? "4" : "6");
          }
          if (ip.interfaceIndex() != null) {
            n.put("interface", ip.interfaceIndex());
          }
          n.put("address", ip.address().toCanonicalString());
          if (ip.gateway() != null) {
            n.put("gateway", ip.gateway().toCanonicalString());
          }
        }
      }
      if (!routes.isEmpty()) {
        ArrayNode a = o.putArray("routes");
        routes.forEach(r -> routeJson(a.addObject(), r));
      }
    }
    o.set("dns", dns.toJson());
    return CniJson.write(o);
  }

  /** 0.1.0/0.2.0: one object per family with the first address and that family's routes. */
  private void legacyFamily(ObjectNode o, String key, boolean ipv4) {
    Optional<IpConfig> first = ips.stream().filter(ip -> ip.isIpv4() == ipv4).findFirst();
    if (first.isEmpty()) {
      return;
    }
    ObjectNode n = o.putObject(key).put("ip", first.get().address().toCanonicalString());
    if (first.get().gateway() != null) {
      n.put("gateway", first.get().gateway().toCanonicalString());
    }
    List<Route> family = routes.stream().filter(r -> r.dst().isIPv4() == ipv4).toList();
    if (!family.isEmpty()) {
      ArrayNode a = n.putArray("routes");
      family.forEach(r -> routeJson(a.addObject(), r));
    }
  }

  private static void routeJson(ObjectNode n, Route r) {
    n.put("dst", r.dst().toCanonicalString());
    if (r.gw() != null) {
      n.put("gw", r.gw().toCanonicalString());
    }
  }

  /** Reads a result of layout 0.3.0 or later (the runtime converts prevResult to the config's version). */
  public static CniResult parse(JsonNode node, String path) throws CniException {
    List<Interface> interfaces = new ArrayList<>();
    for (JsonNode i : CniJson.array(node, "interfaces", path, DECODE_FAILURE)) {
      String p = path + "interfaces[].";
      String name = CniJson.text(i, "name", p, DECODE_FAILURE)
          .orElseThrow(() -> new CniException(DECODE_FAILURE, p + "name is missing", ""));
      Optional<String> mac = CniJson.text(i, "mac", p, DECODE_FAILURE);
      MACAddress parsedMac = null;
      if (mac.isPresent() && !mac.get().isEmpty()) {
        parsedMac = new MACAddressString(mac.get()).getAddress();
        if (parsedMac == null) {
          throw new CniException(DECODE_FAILURE, p + "mac: invalid MAC address \"" + mac.get() + "\"", "");
        }
      }
      interfaces.add(new Interface(name, parsedMac, CniJson.text(i, "sandbox", p, DECODE_FAILURE).orElse("")));
    }
    List<IpConfig> ips = new ArrayList<>();
    for (JsonNode ip : CniJson.array(node, "ips", path, DECODE_FAILURE)) {
      String p = path + "ips[].";
      IPAddress address = CniJson.optionalAddress(ip, "address", p, DECODE_FAILURE)
          .orElseThrow(() -> new CniException(DECODE_FAILURE, p + "address is missing", ""));
      Integer index = null;
      JsonNode idx = ip.get("interface");
      if (idx != null && !idx.isNull()) {
        if (!idx.isInt() || idx.intValue() < 0 || idx.intValue() >= interfaces.size()) {
          throw new CniException(DECODE_FAILURE, p + "interface must index interfaces", idx.toString());
        }
        index = idx.intValue();
      }
      ips.add(new IpConfig(address, CniJson.optionalAddress(ip, "gateway", p, DECODE_FAILURE).orElse(null), index));
    }
    List<Route> routes = new ArrayList<>();
    for (JsonNode r : CniJson.array(node, "routes", path, DECODE_FAILURE)) {
      String p = path + "routes[].";
      IPAddress dst = CniJson.optionalAddress(r, "dst", p, DECODE_FAILURE)
          .orElseThrow(() -> new CniException(DECODE_FAILURE, p + "dst is missing", ""));
      routes.add(new Route(dst, CniJson.optionalAddress(r, "gw", p, DECODE_FAILURE).orElse(null)));
    }
    Optional<JsonNode> dns = CniJson.object(node, "dns", path, DECODE_FAILURE);
    return new CniResult(interfaces, ips, routes,
        dns.isPresent() ? Dns.parse(dns.get(), path + "dns.", DECODE_FAILURE) : Dns.EMPTY);
  }
}
