package io.jcalico.felix.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcalico.felix.cni.RuntimeCalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Invokes the real CNI executables ({@code target/cni-bin/calico}, {@code calico-ipam}, built
 * by the Maven compile phase) the way a container runtime does: a clean environment holding
 * only the {@code CNI_*} variables (and {@code CALICO_NODE_SOCKET}, which a runtime passes
 * through from its own environment), the network configuration on stdin, the result on stdout.
 * The executable runs inside the node's namespace ({@code ip netns exec}).
 */
public final class Cni {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String NETWORK_NAME = RuntimeCalls.NETWORK_NAME;

  private Cni() {}

  public static Path binDir() {
    Path dir = Path.of("target", "cni-bin").toAbsolutePath();
    if (!Files.isExecutable(dir.resolve("calico"))) {
      throw new IllegalStateException("no CNI executables in " + dir + ": run the Maven compile phase of felix-agent");
    }
    return dir;
  }

  /** Calico's plugin entry of the conflist, with the conflist's name and cniVersion merged in as a runtime does. */
  public static ObjectNode conf(String cniVersion, String etcdEndpoint) {
    return RuntimeCalls.conf(cniVersion, etcdEndpoint);
  }

  /** The configuration of a DEL or CHECK: the same entry with the ADD result as prevResult. */
  public static ObjectNode withPrevResult(ObjectNode conf, String addResult) {
    return RuntimeCalls.withPrevResult(conf, addResult);
  }

  /** The environment a Kubernetes runtime gives the plugin for one pod. */
  public static Map<String, String> env(String command, String containerId, Path netns, String ifName,
      String k8sNamespace, String podName) {
    return RuntimeCalls.env(command, containerId, netns, ifName, k8sNamespace, podName, binDir());
  }

  /** The environment a runtime outside Kubernetes gives the plugin for one container. */
  public static Map<String, String> env(String command, String containerId, Path netns, String ifName) {
    return RuntimeCalls.env(command, containerId, netns, ifName, binDir());
  }

  /** Runs {@code plugin} in the node's namespace, talking to that node's daemon. */
  public static Exec.Result invoke(TestNode node, String plugin, Map<String, String> env, String stdin) {
    Map<String, String> full = new LinkedHashMap<>(env);
    full.putIfAbsent("CALICO_NODE_SOCKET", node.cniSocket().toString());
    List<String> cmd = new ArrayList<>(List.of(Testbed.IP, "netns", "exec", node.netns(), binDir().resolve(plugin).toString()));
    return Exec.run(cmd, full, stdin, Duration.ofSeconds(60));
  }

  public static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + text, e);
    }
  }
}
