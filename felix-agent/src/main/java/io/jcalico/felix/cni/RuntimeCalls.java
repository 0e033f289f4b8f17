package io.jcalico.felix.cni;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The runtime's side of a CNI call, as containerd or CRI-O make it for Calico: the plugin's
 * entry of the conflist with the list's name and version merged in, the {@code CNI_*}
 * environment of one pod, and the ADD result handed back as {@code prevResult} on DEL and CHECK.
 * Used by whatever plays the runtime here: the end-to-end tests and the lab's {@code pod add}.
 */
public final class RuntimeCalls {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String NETWORK_NAME = "k8s-pod-network";

  private RuntimeCalls() {}

  /** Calico's plugin entry of the conflist. */
  public static ObjectNode conf(String cniVersion, String etcdEndpoint) {
    ObjectNode c = JSON.createObjectNode();
    c.put("cniVersion", cniVersion);
    c.put("name", NETWORK_NAME);
    c.put("type", "calico");
    c.put("log_level", "info");
    c.put("datastore_type", "etcdv3");
    c.put("etcd_endpoints", etcdEndpoint);
    c.put("mtu", 1500);
    c.putObject("ipam").put("type", "calico-ipam");
    c.putObject("policy").put("type", "k8s");
    return c;
  }

  /** The configuration of a DEL or CHECK: the same entry with the ADD result as prevResult. */
  public static ObjectNode withPrevResult(ObjectNode conf, String addResult) {
    ObjectNode c = conf.deepCopy();
    try {
      c.set("prevResult", JSON.readTree(addResult));
    } catch (IOException e) {
      throw new UncheckedIOException("the ADD result is not JSON: " + addResult, e);
    }
    return c;
  }

  /** The environment a Kubernetes runtime gives the plugin for one pod ({@code CNI_PATH}: our plugins, then Debian's). */
  public static Map<String, String> env(String command, String containerId, Path netns, String ifName,
      String k8sNamespace, String podName, Path pluginDir) {
    Map<String, String> env = env(command, containerId, netns, ifName, pluginDir);
    env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=" + k8sNamespace + ";K8S_POD_NAME=" + podName
        + ";K8S_POD_INFRA_CONTAINER_ID=" + containerId);
    return env;
  }

  /** The environment a runtime outside Kubernetes gives the plugin for one container: no pod in {@code CNI_ARGS}. */
  public static Map<String, String> env(String command, String containerId, Path netns, String ifName, Path pluginDir) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", containerId);
    env.put("CNI_NETNS", netns.toString());
    env.put("CNI_IFNAME", ifName);
    env.put("CNI_PATH", pluginDir + ":/usr/lib/cni");
    env.put("CNI_ARGS", "IgnoreUnknown=1");
    return env;
  }
}
