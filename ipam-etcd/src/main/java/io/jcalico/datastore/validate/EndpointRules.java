package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.HostEndpoint.EndpointPort;
import io.jcalico.datastore.model.HostEndpoint.HostEndpointSpec;
import io.jcalico.datastore.model.HostEndpoint;
import io.jcalico.datastore.model.Protocol;
import io.jcalico.datastore.model.WorkloadEndpoint.IPNAT;
import io.jcalico.datastore.model.WorkloadEndpoint.QoSControls;
import io.jcalico.datastore.model.WorkloadEndpoint.WorkloadEndpointPort;
import io.jcalico.datastore.model.WorkloadEndpoint.WorkloadEndpointSpec;
import io.jcalico.datastore.model.WorkloadEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** WorkloadEndpoint and HostEndpoint rules. */
final class EndpointRules {

  private static final Pattern CONTAINER_ID = Pattern.compile("[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?");

  private EndpointRules() {}

  static void workload(Checks c, WorkloadEndpoint wep) {
    WorkloadEndpointSpec s = wep.spec();
    if (c.missing("spec", s)) return;
    c.subdomain("spec.orchestrator", s.orchestrator());
    c.subdomain("spec.workload", s.workload());
    c.subdomain("spec.node", s.node());
    c.subdomain("spec.pod", s.pod());
    c.subdomain("spec.endpoint", s.endpoint());
    c.subdomain("spec.serviceAccountName", s.serviceAccountName());
    if (Checks.present(s.containerID()) && !CONTAINER_ID.matcher(s.containerID()).matches()) {
      c.add("spec.containerID", q(s.containerID()) + " is not a valid container ID: letters, digits and '-', starting"
          + " and ending with a letter or digit");
    }
    List<Prefix> networks = new ArrayList<>();
    for (int i = 0; s.ipNetworks() != null && i < s.ipNetworks().size(); i++) {
      String p = "spec.ipNetworks[" + i + "]";
      String text = s.ipNetworks().get(i);
      c.network(p, text).ifPresent(n -> {
        if (n.length() != n.host().getBitCount()) {
          c.add(p, q(text) + " holds more than one address: a workload network is a /32 or /128");
        }
        networks.add(n);
      });
    }
    for (int i = 0; s.ipNATs() != null && i < s.ipNATs().size(); i++) {
      nat(c, "spec.ipNATs[" + i + "]", s.ipNATs().get(i), networks);
    }
    c.ipv4("spec.ipv4Gateway", s.ipv4Gateway());
    c.ipv6("spec.ipv6Gateway", s.ipv6Gateway());
    c.names("spec.profiles", s.profiles());
    if (!Checks.present(s.interfaceName())) c.add("spec.interfaceName", "is required");
    c.interfaceName("spec.interfaceName", s.interfaceName(), false);
    c.mac("spec.mac", s.mac());
    for (int i = 0; s.ports() != null && i < s.ports().size(); i++) {
      WorkloadEndpointPort port = s.ports().get(i);
      String p = "spec.ports[" + i + "]";
      if (Checks.present(port.name())) portName(c, p + ".name", port.name());
      namedPort(c, p, port.protocol(), port.port());
      if (!Checks.present(port.name()) && (port.hostPort() == null || port.hostPort() == 0)) {
        c.add(p + ".name", "is required unless a hostPort is given");
      }
      if (port.hostPort() != null && port.hostPort() != 0) c.range(p + ".hostPort", port.hostPort(), 1, 65535, "a port");
      if (Checks.present(port.hostIP())) c.network(p + ".hostIP", port.hostIP());
    }
    for (int i = 0; s.allowSpoofedSourcePrefixes() != null && i < s.allowSpoofedSourcePrefixes().size(); i++) {
      c.cidr("spec.allowSpoofedSourcePrefixes[" + i + "]", s.allowSpoofedSourcePrefixes().get(i));
    }
    qos(c, s.qosControls());
  }

  private static void nat(Checks c, String path, IPNAT nat, List<Prefix> networks) {
    Optional<IPAddress> in = c.ip(path + ".internalIP", nat.internalIP());
    Optional<IPAddress> out = c.ip(path + ".externalIP", nat.externalIP());
    if (nat.internalIP() == null) c.add(path + ".internalIP", "is required");
    if (nat.externalIP() == null) c.add(path + ".externalIP", "is required");
    if (in.isPresent() && out.isPresent() && in.get().getIPVersion() != out.get().getIPVersion()) {
      c.add(path, "maps between IP versions: internalIP and externalIP must both be IPv4 or both IPv6");
    }
    if (in.isPresent() && networks.stream().noneMatch(n -> n.contains(in.get()))) {
      c.add(path + ".internalIP", q(nat.internalIP()) + " is not one of the endpoint's spec.ipNetworks");
    }
  }

  /** Limits Calico documents for the QoS controls (zero means "no limit"). */
  private static void qos(Checks c, QoSControls q) {
    if (q == null) return;
    limit(c, "spec.qosControls.ingressBandwidth", q.ingressBandwidth(), 1_000L, 1_000_000_000_000_000L);
    limit(c, "spec.qosControls.egressBandwidth", q.egressBandwidth(), 1_000L, 1_000_000_000_000_000L);
    limit(c, "spec.qosControls.ingressBurst", q.ingressBurst(), 1_000L, 34_359_738_360L);
    limit(c, "spec.qosControls.egressBurst", q.egressBurst(), 1_000L, 34_359_738_360L);
    limit(c, "spec.qosControls.ingressPeakrate", q.ingressPeakrate(), 1_010L, 1_010_000_000_000_000L);
    limit(c, "spec.qosControls.egressPeakrate", q.egressPeakrate(), 1_010L, 1_010_000_000_000_000L);
    limit(c, "spec.qosControls.ingressMinburst", q.ingressMinburst(), 1_000L, 100_000_000L);
    limit(c, "spec.qosControls.egressMinburst", q.egressMinburst(), 1_000L, 100_000_000L);
    limit(c, "spec.qosControls.ingressPacketRate", q.ingressPacketRate(), 1L, 10_000L);
    limit(c, "spec.qosControls.egressPacketRate", q.egressPacketRate(), 1L, 10_000L);
    limit(c, "spec.qosControls.ingressPacketBurst", q.ingressPacketBurst(), 1L, 10_000L);
    limit(c, "spec.qosControls.egressPacketBurst", q.egressPacketBurst(), 1L, 10_000L);
    limit(c, "spec.qosControls.ingressMaxConnections", q.ingressMaxConnections(), 1L, 4_294_967_295L);
    limit(c, "spec.qosControls.egressMaxConnections", q.egressMaxConnections(), 1L, 4_294_967_295L);
  }

  private static void limit(Checks c, String path, Long v, long min, long max) {
    if (v != null && v != 0) c.range(path, v, min, max, "the value, when set,");
  }

  static void host(Checks c, HostEndpoint hep) {
    HostEndpointSpec s = hep.spec();
    if (c.missing("spec", s)) return;
    if (!Checks.present(s.node())) c.add("spec.node", "is required");
    c.subdomain("spec.node", s.node());
    if (!Checks.present(s.interfaceName()) && (s.expectedIPs() == null || s.expectedIPs().isEmpty())) {
      c.add("spec.interfaceName", "is required when spec.expectedIPs is empty");
    }
    c.interfaceName("spec.interfaceName", s.interfaceName(), true);
    c.ips("spec.expectedIPs", s.expectedIPs());
    c.names("spec.profiles", s.profiles());
    for (int i = 0; s.ports() != null && i < s.ports().size(); i++) {
      EndpointPort port = s.ports().get(i);
      String p = "spec.ports[" + i + "]";
      if (!Checks.present(port.name())) c.add(p + ".name", "is required"); else portName(c, p + ".name", port.name());
      namedPort(c, p, port.protocol(), port.port());
    }
  }

  private static void namedPort(Checks c, String path, Protocol protocol, Integer port) {
    if (protocol == null) {
      c.add(path + ".protocol", "is required");
    } else if (!protocol.supportsPorts()) {
      c.add(path + ".protocol", q(protocol.toString()) + " has no ports: use TCP, UDP or SCTP");
    }
    if (port == null) c.add(path + ".port", "is required"); else c.range(path + ".port", port, 1, 65535, "a port");
  }

  /**
   * Kubernetes' IANA service name: 1-15 lower case letters, digits and '-', at least one letter,
   * no leading, trailing or doubled '-'.
   */
  static void portName(Checks c, String path, String name) {
    if (!isPortName(name)) {
      c.add(path, q(name) + " is not a valid port name: 1-15 lower case letters, digits and '-', with a letter,"
          + " and no leading, trailing or double '-'");
    }
  }

  static boolean isPortName(String name) {
    return name.length() <= 15 && name.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?") && !name.contains("--")
        && name.chars().anyMatch(Character::isLetter);
  }
}
