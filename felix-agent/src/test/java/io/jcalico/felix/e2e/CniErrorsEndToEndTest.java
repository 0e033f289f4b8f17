package io.jcalico.felix.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcalico.felix.cni.WorkloadNames;
import io.jcalico.felix.testing.Addresses;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's CNI error cases, end to end: the real executable run in a node's namespace as a
 * runtime runs it, against a real daemon (or none). Each error exits 1 with the spec's
 * {@code {"cniVersion","code","msg"}} on stdout and leaves nothing allocated or created.
 */
class CniErrorsEndToEndTest {
  private static Testbed bed;
  private static TestNode node;

  @RegisterExtension
  final PrintLogsOnFailure logs = new PrintLogsOnFailure(() -> bed);

  @BeforeAll
  static void startNode() {
    bed = Testbed.create("cni-errors");
    bed.meshBgp(Duration.ofSeconds(10)).ipPool("pool-1", "198.18.128.0/18", 26);
    node = bed.addNode("node-1");
    bed.addNode("node-2"); // never started: no daemon behind its socket path
    node.start().awaitReady(Duration.ofSeconds(90));
  }

  @AfterAll
  static void tearDown() {
    if (bed != null) bed.close();
  }

  /** The env of an ADD for a fresh sandbox of pod default/{@code pod}. */
  private static Map<String, String> addEnv(String pod, String containerId) {
    return Cni.env("ADD", containerId, Path.of("/run/netns", bed.newPodNamespace()), "eth0", "default", pod);
  }

  private static String conf() {
    return Cni.conf("1.0.0", bed.etcdEndpointForNodes()).toString();
  }

  /** Exit 1 and the error object on stdout; returns it. */
  private static JsonNode error(Exec.Result r, int code) {
    assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
    JsonNode e = Cni.json(r.stdout());
    assertThat(e.path("code").asInt()).as(r.stdout()).isEqualTo(code);
    assertThat(e.path("msg").asText()).isNotBlank();
    return e;
  }

  private static void nothingAllocatedFor(String containerId) {
    assertThat(bed.ipam().ipsByHandle(WorkloadNames.handleId(Cni.NETWORK_NAME, containerId))).isEmpty();
  }

  @Test
  void missingEnvironmentIsCode4NamingEveryMissingVariable() {
    String id = Testbed.newContainerId();
    Map<String, String> env = new java.util.LinkedHashMap<>(addEnv("no-env", id));
    env.remove("CNI_NETNS");
    env.remove("CNI_IFNAME");
    JsonNode e = error(Cni.invoke(node, "calico", env, conf()), 4);
    assertThat(e.path("msg").asText()).contains("CNI_NETNS").contains("CNI_IFNAME");
    nothingAllocatedFor(id);
  }

  @Test
  void aConfigThatIsNotJsonIsCode6() {
    String id = Testbed.newContainerId();
    error(Cni.invoke(node, "calico", addEnv("bad-json", id), "{\"cniVersion\":\"1.0.0\",\"name\": oops"), 6);
    nothingAllocatedFor(id);
  }

  @Test
  void anUnknownCniVersionIsCode1() {
    String id = Testbed.newContainerId();
    ObjectNode c = Cni.conf("9.9.9", bed.etcdEndpointForNodes());
    JsonNode e = error(Cni.invoke(node, "calico", addEnv("future", id), c.toString()), 1);
    assertThat(e.path("msg").asText()).isEqualTo("incompatible CNI versions");
    assertThat(e.path("details").asText()).contains("9.9.9");
    nothingAllocatedFor(id);
  }

  @Test
  void noDaemonIsCode11SayingSo() {
    // never started: the socket file does not exist
    TestNode idle = bed.node("node-2");
    JsonNode missing = error(Cni.invoke(idle, "calico", addEnv("nobody-home", Testbed.newContainerId()), conf()), 11);
    assertThat(missing.path("msg").asText()).isEqualTo("calico-node is not running");
    assertThat(missing.path("details").asText()).contains(idle.cniSocket().toString());

    // SIGKILLed: the socket file stays behind, nobody listens on it
    idle.start().awaitReady(Duration.ofSeconds(90));
    idle.kill();
    assertThat(idle.cniSocket()).exists();
    JsonNode stale = error(Cni.invoke(idle, "calico", addEnv("stale-socket", Testbed.newContainerId()), conf()), 11);
    assertThat(stale.path("msg").asText()).isEqualTo("calico-node is not running");
  }

  @Test
  void statusIsReadyOnARunningNodeAndCode50WhenAddCouldNotWork() {
    Map<String, String> env = Map.of("CNI_COMMAND", "STATUS", "CNI_PATH", Cni.binDir().toString());
    ObjectNode v4 = Cni.conf("1.1.0", bed.etcdEndpointForNodes());
    Exec.Result ready = Cni.invoke(node, "calico", env, v4.toString());
    assertThat(ready.exitCode()).as(ready.toString()).isZero();
    assertThat(ready.stdout()).isEmpty();

    // IPv6 asked for, and the test bed has no IPv6 pool
    ObjectNode dual = v4.deepCopy();
    ((ObjectNode) dual.get("ipam")).put("assign_ipv6", "true");
    JsonNode noPool = error(Cni.invoke(node, "calico", env, dual.toString()), 50);
    assertThat(noPool.path("msg").asText()).isEqualTo("calico-node is not ready");
    assertThat(noPool.path("details").asText()).isEqualTo("no enabled IPv6 pool for workloads selects this node");

    // no daemon behind the socket: the client answers 50 itself
    JsonNode down = error(Cni.invoke(bed.node("node-2"), "calico", env, v4.toString()), 50);
    assertThat(down.path("msg").asText()).isEqualTo("calico-node is not running");
  }

  @Test
  void aPodInterfaceNameAlreadyTakenIsRefusedAndRolledBack() {
    String id = Testbed.newContainerId();
    Map<String, String> env = addEnv("taken", id);
    String podNs = Path.of(env.get("CNI_NETNS")).getFileName().toString();
    // something of the pod's own already holds eth0 (no dummy module here: a veth pair)
    Exec.check(Testbed.IP, "-n", podNs, "link", "add", "eth0", "type", "veth", "peer", "name", "own0");
    String hostIf = WorkloadNames.hostInterface(java.util.Optional.of(new WorkloadNames.PodRef("default", "taken")), id);

    JsonNode e = error(Cni.invoke(node, "calico", env, conf()), 102);
    assertThat(e.path("msg").asText()).contains("eth0");
    nothingAllocatedFor(id);
    assertThat(Exec.quiet(Testbed.IP, "-n", node.netns(), "link", "show", hostIf).ok()).as("no host veth left").isFalse();
    assertThat(Exec.check(Testbed.IP, "-n", podNs, "link", "show", "eth0")).as("the pod's own eth0 untouched").contains("eth0@own0");
    assertThat(node.ourRoutes()).noneMatch(r -> r.device().equals(hostIf));

    // the runtime cleans up with DEL, which must succeed on the half-made sandbox, twice
    Map<String, String> del = new java.util.LinkedHashMap<>(env);
    del.put("CNI_COMMAND", "DEL");
    assertThat(Cni.invoke(node, "calico", del, conf()).ok()).isTrue();
    assertThat(Cni.invoke(node, "calico", del, conf()).ok()).isTrue();
  }

  @Test
  void afterTheErrorsAPodStillAttachesAndDetaches() {
    TestPod pod = node.addPod("default", "healthy");
    assertThat(Addresses.ip("198.18.128.0/18").contains(pod.ip())).isTrue();
    assertThat(bed.deletePod(pod).ok()).isTrue();
    nothingAllocatedFor(pod.containerId());
  }
}
