package io.jcalico.lab.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.cni.RuntimeCalls;
import io.jcalico.felix.shim.CommandRunner.Output;
import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.runner.LabState.PodRecord;
import io.jcalico.lab.topology.NodeKind;
import io.jcalico.lab.topology.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pods on a lab's calico-node nodes, made as a container runtime makes them: a fresh network
 * namespace ({@code <node namespace>.<pod>}), then the real CNI executable
 * ({@code felix-agent/target/cni-bin/calico}) run inside the node's namespace with the
 * {@code CNI_*} environment and Calico's network configuration on stdin, talking to that node's
 * daemon over its socket. DEL gets the ADD result back as {@code prevResult}. Add and delete
 * hold the lab's lock (see {@link LabLock}): two of them, in any processes, take turns.
 */
public final class Pods {
  static final String SEPARATOR = ".";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CNI_VERSION = "1.0.0";

  private final LabRunner runner;
  private final Topology topology;

  Pods(LabRunner runner, Topology topology) {
    this.runner = runner;
    this.topology = topology;
  }

  /** Attaches a new pod (Kubernetes namespace {@code default}) to {@code node}; its addresses are in the record. */
  public PodRecord add(String node, String pod) {
    if (topology.node(node).kind() != NodeKind.CALICO_NODE) {
      throw new LabException(node + " is a " + topology.node(node).kindName() + " node; pods run on calico-node nodes");
    }
    try (LabLock lock = runner.lock(topology, "pod add", node, pod)) {
      return addLocked(node, pod);
    }
  }

  private PodRecord addLocked(String node, String pod) {
    String key = node + "/" + pod;
    LabState state = runner.state(topology.name()).orElseThrow(() -> new LabException("lab " + topology.name() + " is not deployed"));
    if (state.pods().containsKey(key)) {
      throw new LabException("pod " + pod + " already exists on " + node);
    }
    String netns = topology.namespaceOf(node) + SEPARATOR + pod;
    String containerId = containerId();
    runner.updateState(topology.name(), s -> s.namespaces().add(netns)); // before it exists: destroy finds it whatever happens next
    Namespaces.add(netns);
    Output add = cni(node, "ADD", containerId, netns, pod, conf(node).toString());
    if (!add.ok()) {
      Namespaces.delete(netns, 0);
      runner.updateState(topology.name(), s -> s.namespaces().remove(netns));
      throw new LabException("CNI ADD of " + pod + " on " + node + " failed (exit " + add.exitCode() + "): "
          + add.stdout().strip() + " " + add.stderr().strip());
    }
    JsonNode result = json(add.stdout());
    List<String> addresses = new ArrayList<>();
    result.path("ips").forEach(ip -> addresses.add(ip.path("address").asText()));
    PodRecord rec = new PodRecord(node, pod, "default", containerId, netns, addresses, add.stdout());
    runner.updateState(topology.name(), s -> s.pods().put(key, rec));
    return rec;
  }

  /** CNI DEL (with prevResult), then the pod's namespace goes. */
  public void delete(String node, String pod) {
    try (LabLock lock = runner.lock(topology, "pod del", node, pod)) {
      deleteLocked(node, pod);
    }
  }

  private void deleteLocked(String node, String pod) {
    PodRecord rec = find(node, pod).orElseThrow(() -> new LabException("no pod " + pod + " on " + node));
    Output del = cni(node, "DEL", rec.containerId(), rec.netns(), pod,
        RuntimeCalls.withPrevResult(conf(node), rec.addResult()).toString());
    Namespaces.delete(rec.netns(), 1000);
    runner.updateState(topology.name(), s -> {
      s.pods().remove(node + "/" + pod);
      s.namespaces().remove(rec.netns());
    });
    if (!del.ok()) {
      throw new LabException("CNI DEL of " + pod + " on " + node + " failed (exit " + del.exitCode() + "): " + del.stdout().strip());
    }
  }

  public Optional<PodRecord> find(String node, String pod) {
    return runner.state(topology.name()).map(s -> s.pods().get(node + "/" + pod));
  }

  /** Every pod of the lab, in the order they were added. */
  public List<PodRecord> list() {
    return runner.state(topology.name()).map(s -> List.copyOf(s.pods().values())).orElse(List.of());
  }

  /** A pod's addresses without prefix length, IPv4 first. */
  public static List<IPAddress> addresses(PodRecord pod) {
    return pod.addresses().stream().map(a -> new IPAddressString(a).getAddress().withoutPrefixLength())
        .sorted((a, b) -> Boolean.compare(b.isIPv4(), a.isIPv4())).toList();
  }

  /** {@code ping} from inside the pod: three echoes 0.2 s apart, a success when any comes back. */
  public static Output ping(PodRecord from, IPAddress to) {
    return Namespaces.exec(from.netns(), List.of("ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", to.toCanonicalString()));
  }

  private Output cni(String node, String command, String containerId, String netns, String pod, String stdin) {
    Path pluginDir = cniBinDir();
    List<String> argv = new ArrayList<>(List.of("env", "-i"));
    Map<String, String> env = RuntimeCalls.env(command, containerId, Path.of("/run/netns", netns), "eth0", "default", pod, pluginDir);
    env.forEach((k, v) -> argv.add(k + "=" + v));
    argv.add("CALICO_NODE_SOCKET=" + runner.nodeDir(topology.name(), node).resolve("run").resolve("cni.sock"));
    argv.add(pluginDir.resolve("calico").toString());
    return io.jcalico.felix.shim.CommandRunner.inNetns(topology.namespaceOf(node)).run(argv, stdin);
  }

  /**
   * The plugin's network config for pods of {@code node}: an IPv6 address too when the node has
   * one (calico-node's {@code IP6}), as calico-ipam's {@code assign_ipv6} asks.
   */
  private ObjectNode conf(String node) {
    String etcd = runner.state(topology.name()).flatMap(LabState::etcd).orElse("");
    ObjectNode c = RuntimeCalls.conf(CNI_VERSION, etcd);
    boolean v6 = !topology.node(node).env().getOrDefault("IP6", "").isEmpty();
    // strings, as Calico's conflists write them
    ((ObjectNode) c.get("ipam")).put("assign_ipv4", "true").put("assign_ipv6", Boolean.toString(v6));
    return c;
  }

  /**
   * Where the CNI executables are: {@code CNI_BIN_DIR}, else {@code felix-agent/target/cni-bin}
   * under {@code JCALICO_HOME} (set by {@code bin/lab}) or under the working directory or a parent.
   */
  static Path cniBinDir() {
    List<Path> candidates = new ArrayList<>();
    Optional.ofNullable(System.getenv("CNI_BIN_DIR")).map(Path::of).ifPresent(candidates::add);
    Optional.ofNullable(System.getenv("JCALICO_HOME")).map(h -> Path.of(h, "felix-agent", "target", "cni-bin")).ifPresent(candidates::add);
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      candidates.add(d.resolve("felix-agent").resolve("target").resolve("cni-bin"));
    }
    return candidates.stream().filter(d -> Files.isExecutable(d.resolve("calico"))).findFirst()
        .orElseThrow(() -> new LabException("no CNI executables (felix-agent/target/cni-bin/calico): run scripts/build.sh,"
            + " or set CNI_BIN_DIR"));
  }

  private static String containerId() {
    byte[] id = new byte[32];
    ThreadLocalRandom.current().nextBytes(id);
    return HexFormat.of().formatHex(id); // as containerd makes them: 64 hex digits
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new LabException("the CNI plugin printed no JSON: " + text, e);
    }
  }
}
