package io.jcalico.felix.cni;

import io.jcalico.felix.testing.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ForkJoinPool;

/** Configs, environments and a wired handler over fakes, as a runtime and a daemon would give them. */
final class CniFixtures {
  static final String NODE = "node-1";
  static final String CONTAINER = "0123456789abcdef";
  static final String NETNS = "/var/run/netns/cni-test-1";
  /** cali + sha1("default.nginx")[:11]. */
  static final String HOST_IF = "calic440f455693";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-01-02T03:04:05Z"), ZoneOffset.UTC);

  /** Calico's plugin entry of its conflist, with the conflist's name and version merged in. */
  static String calicoConf(String cniVersion) {
    return """
        {"cniVersion":"%s","name":"k8s-pod-network","type":"calico","log_level":"info",
         "datastore_type":"etcdv3","etcd_endpoints":"http://127.0.0.1:2379","mtu":1500,
         "ipam":{"type":"calico-ipam"},"policy":{"type":"k8s"}}
        """.formatted(cniVersion);
  }

  static String dualStackConf() {
    return """
        {"cniVersion":"1.0.0","name":"k8s-pod-network","type":"calico","mtu":1500,
         "ipam":{"type":"calico-ipam","assign_ipv4":"true","assign_ipv6":"true"}}
        """;
  }

  static Map<String, String> env(String command) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("CNI_COMMAND", command);
    env.put("CNI_CONTAINERID", CONTAINER);
    env.put("CNI_NETNS", NETNS);
    env.put("CNI_IFNAME", "eth0");
    env.put("CNI_PATH", "/usr/lib/cni:/opt/cni/bin");
    env.put("CNI_ARGS", "IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=nginx;"
        + "K8S_POD_INFRA_CONTAINER_ID=" + CONTAINER);
    return env;
  }

  static Map<String, String> without(Map<String, String> env, String... names) {
    Map<String, String> copy = new LinkedHashMap<>(env);
    for (String n : names) {
      copy.remove(n);
    }
    return copy;
  }

  static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new LinkedHashMap<>(env);
    copy.put(name, value);
    return copy;
  }

  static CniInvocation invocation(String plugin, Map<String, String> env, String stdin) {
    return new CniInvocation(plugin, env, stdin.getBytes(StandardCharsets.UTF_8));
  }

  /** The config of a DEL/CHECK: the same plugin entry with ADD's result as prevResult. */
  static String withPrevResult(String conf, String resultJson) {
    String trimmed = conf.strip();
    return trimmed.substring(0, trimmed.length() - 1) + ",\"prevResult\":" + resultJson.strip() + "}";
  }

  /** The daemon's handler with fake collaborators. */
  record Daemon(FakeIpAllocator ipam, FakePodPlumber plumber, FakeEndpointWriter endpoints,
      FakeProfileWriter profiles, ManualClock clock, CalicoCniHandler handler, PodAttacher attacher) {

    static Daemon create(CalicoCniHandler.Readiness readiness) {
      FakeIpAllocator ipam = new FakeIpAllocator();
      FakePodPlumber plumber = new FakePodPlumber();
      FakeEndpointWriter endpoints = new FakeEndpointWriter();
      FakeProfileWriter profiles = new FakeProfileWriter();
      ManualClock clock = new ManualClock();
      IpamPlugin ipamPlugin = new IpamPlugin(ipam, CLOCK);
      // the endpoint steps in the background, as in the daemon; the pod MAC the golden results show
      PodAttacher attacher = new PodAttacher(ipamPlugin, plumber, endpoints,
          new NetworkProfiles(profiles, clock, NetworkProfiles.REMEMBER), StepTimings.NONE,
          ForkJoinPool.commonPool(), () -> FakePodPlumber.POD_MAC);
      return new Daemon(ipam, plumber, endpoints, profiles, clock,
          new CalicoCniHandler(NODE, attacher, ipamPlugin, readiness), attacher);
    }

    static Daemon create() {
      return create(conf -> Optional.empty());
    }

    boolean isEmpty() {
      return !ipam.holdsAnything() && plumber.links.values().stream().noneMatch(FakePodPlumber.Link::ours)
          && endpoints.endpoints.isEmpty();
    }
  }

  private CniFixtures() {}
}
