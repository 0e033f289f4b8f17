package io.jcalico.felix.dataplane;

import static java.nio.charset.StandardCharsets.UTF_8;

import inet.ipaddr.IPAddressString;
import io.jcalico.felix.shim.CommandRunner;
import io.jcalico.policy.PolicyCases;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Two nodes, their pods and an outside host, built from network namespaces the way Calico wires
 * pods: per pod a veth whose host end {@code cali...} has proxy ARP and a {@code /32} route, and
 * whose pod end {@code eth0} has the pod's {@code /32}, {@code 169.254.1.1} on-link and the
 * default route through it. IPv6 alike: the pod's {@code /128}, the host end owning the
 * gateway {@code fe80::1}, a {@code /128} route to the pod. The nodes are joined by an underlay
 * veth and route each other's pod range; the outside host hangs off node1 with two addresses of
 * each family (one of them in an excepted range). Every pod and the outside host run a server
 * answering on {@link #TCP_PORTS} and {@link #UDP_PORTS}, both families. {@link #close} kills
 * every process and deletes every namespace, whatever state the build got to.
 */
final class PolicyLab implements AutoCloseable {
  static final List<Integer> TCP_PORTS = PolicyCases.TCP_PORTS;
  static final List<Integer> UDP_PORTS = PolicyCases.UDP_PORTS;

  /** A pod (or the outside host): its namespace, node, host-side interface and addresses. */
  record Pod(String name, String netns, String node, String iface, String ip, String ip6) {}

  /** The pods' IPv6 gateway, owned by every host end (Calico uses a fixed link-local too). */
  private static final String GATEWAY6 = "fe80::1";

  private static final AtomicInteger COUNTER = new AtomicInteger();
  private final CommandRunner sh = CommandRunner.local();
  private final String prefix = "jpl-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet() + "-";
  private final Deque<String> namespaces = new ArrayDeque<>();
  private final List<Process> servers = new ArrayList<>();
  private final Map<String, Pod> pods = new LinkedHashMap<>();
  private final String script;
  final String node1;
  final String node2;

  PolicyLab() {
    try {
      script = Path.of(PolicyLab.class.getResource("/traffic/pod-traffic.py").toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
    node1 = prefix + "n1";
    node2 = prefix + "n2";
    try {
      for (String n : List.of(node1, node2)) {
        netns(n);
        inNs(n, "sysctl -qw net.ipv4.ip_forward=1 net.ipv6.conf.all.forwarding=1");
      }
      // underlay: node1 eth1 198.18.254.1, fd00:ffff::1 <-> node2 eth1 198.18.254.2, fd00:ffff::2.
      // Each node needs a default route: proxy ARP answers for 169.254.1.1 only if the node can
      // route it elsewhere.
      run("ip", "-n", node1, "link", "add", "eth1", "type", "veth", "peer", "name", "eth1", "netns", node2);
      inNs(node1, "ip addr add 198.18.254.1/24 dev eth1; ip -6 addr add fd00:ffff::1/64 dev eth1 nodad; ip link set eth1 up;"
          + " ip route add 198.18.2.0/24 via 198.18.254.2; ip route add default via 198.18.254.2;"
          + " ip -6 route add fd00::2:0/112 via fd00:ffff::2");
      inNs(node2, "ip addr add 198.18.254.2/24 dev eth1; ip -6 addr add fd00:ffff::2/64 dev eth1 nodad; ip link set eth1 up;"
          + " ip route add 198.18.1.0/24 via 198.18.254.1; ip route add 198.19.0.0/16 via 198.18.254.1;"
          + " ip route add default via 198.18.254.1; ip -6 route add default via fd00:ffff::1");
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** A namespace with lo up and no duplicate address detection (addresses usable at once). */
  private String netns(String name) {
    run("ip", "netns", "add", name);
    namespaces.push(name);
    inNs(name, "ip link set lo up; sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0");
    return name;
  }

  /** A pod on {@code node} with host interface {@code iface} and addresses {@code ip}, {@code ip6}. */
  Pod addPod(String name, String node, String iface, String ip, String ip6) {
    String ns = netns(prefix + name);
    run("ip", "-n", node, "link", "add", iface, "type", "veth", "peer", "name", "eth0", "netns", ns);
    inNs(node, "ip link set " + iface + " up; sysctl -qw net.ipv4.conf." + iface + ".proxy_arp=1"
        + " net.ipv4.neigh." + iface + ".proxy_delay=0; ip route add " + ip + "/32 dev " + iface + " scope link;"
        + " ip -6 addr add " + GATEWAY6 + "/64 dev " + iface + " nodad; ip -6 route add " + ip6 + "/128 dev " + iface);
    inNs(ns, "ip link set eth0 up; ip addr add " + ip + "/32 dev eth0;"
        + " ip route add 169.254.1.1 dev eth0 scope link; ip route add default via 169.254.1.1 dev eth0;"
        + " ip -6 addr add " + ip6 + "/128 dev eth0 nodad; ip -6 route add default via " + GATEWAY6 + " dev eth0");
    Pod p = new Pod(name, ns, node, iface, ip, ip6);
    pods.put(name, p);
    serve(ns);
    return p;
  }

  /**
   * The outside host: one namespace behind node1's eth2 holding every given address pair
   * (IPv4, IPv6); node1 routes the IPv6 ones to it one by one, as to pods.
   */
  List<Pod> addOutside(List<String> ips, List<String> ip6s) {
    String ns = netns(prefix + "out");
    run("ip", "-n", node1, "link", "add", "eth2", "type", "veth", "peer", "name", "eth0", "netns", ns);
    StringBuilder node = new StringBuilder("ip addr add 198.19.255.254/16 dev eth2; ip -6 addr add " + GATEWAY6
        + "/64 dev eth2 nodad; ip link set eth2 up;");
    StringBuilder cmd = new StringBuilder("ip link set eth0 up;");
    for (int i = 0; i < ips.size(); i++) {
      cmd.append(" ip addr add ").append(ips.get(i)).append("/16 dev eth0;");
      cmd.append(" ip -6 addr add ").append(ip6s.get(i)).append("/128 dev eth0 nodad;");
      node.append(" ip -6 route add ").append(ip6s.get(i)).append("/128 dev eth2;");
    }
    cmd.append(" ip route add default via 198.19.255.254; ip -6 route add default via " + GATEWAY6 + " dev eth0");
    inNs(node1, node.toString());
    inNs(ns, cmd.toString());
    serve(ns);
    List<Pod> out = new ArrayList<>();
    for (int i = 0; i < ips.size(); i++) {
      Pod p = new Pod("out" + i, ns, null, "eth2", ips.get(i), ip6s.get(i));
      pods.put(p.name(), p);
      out.add(p);
    }
    return out;
  }

  private void serve(String ns) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, "/usr/bin/python3", script, "serve"));
    cmd.add("tcp:" + join(TCP_PORTS));
    cmd.add("udp:" + join(UDP_PORTS));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      servers.add(p);
      String first = new BufferedReader(new InputStreamReader(p.getInputStream(), UTF_8)).readLine();
      if (!"ready".equals(first)) {
        throw new IllegalStateException("server in " + ns + " did not start: " + first);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String join(List<Integer> ports) {
    return String.join(",", ports.stream().map(String::valueOf).toList());
  }

  /**
   * Runs the checks from {@code from} at once (each {@code tcp:ADDR:PORT}, {@code udp:ADDR:PORT}
   * or {@code icmp:ADDR}); returns for each whether an answer came within {@code timeoutSeconds}.
   */
  Map<String, Boolean> probe(Pod from, List<String> checks, double timeoutSeconds) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", from.netns(), "/usr/bin/python3", script, "probe",
        Double.toString(timeoutSeconds)));
    checks.forEach(c -> cmd.add(c + "@" + (isIpv6(c) ? from.ip6() : from.ip())));
    String out = sh.run(cmd, null).orThrow().stdout();
    Map<String, Boolean> result = new LinkedHashMap<>();
    for (String line : out.split("\n")) {
      if (!line.isBlank()) {
        String[] f = line.split(" ");
        result.put(f[0].substring(0, f[0].indexOf('@')), f[1].equals("ok"));
      }
    }
    return result;
  }

  /** Whether a check ({@code tcp:ADDR:PORT}, {@code udp:ADDR:PORT}, {@code icmp:ADDR}) goes to an IPv6 address. */
  static boolean isIpv6(String check) {
    String rest = check.substring(check.indexOf(':') + 1);
    String addr = check.startsWith("icmp:") ? rest : rest.substring(0, rest.lastIndexOf(':'));
    return new IPAddressString(addr).isIPv6();
  }

  /** Runs a shell command line inside a namespace (the tables of node1, by hand). */
  String inNs(String ns, String commandLine) {
    return run("ip", "netns", "exec", ns, "sh", "-ec", commandLine);
  }

  private String run(String... argv) {
    return sh.run(List.of(argv), null).orThrow().stdout();
  }

  @Override
  public void close() {
    for (Process p : servers) {
      p.destroyForcibly();
    }
    for (Process p : servers) {
      try {
        p.waitFor(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    while (!namespaces.isEmpty()) {
      sh.run(List.of("ip", "netns", "del", namespaces.pop()), null);
    }
  }
}
