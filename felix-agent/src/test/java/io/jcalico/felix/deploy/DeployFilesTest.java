package io.jcalico.felix.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.felix.CalicoNodeMain;
import io.jcalico.felix.cni.NetConf;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Option;

/**
 * The files in deploy/ are what they claim: the DaemonSet's init container script really installs
 * plugins and a conflist the daemon accepts, every environment variable the manifest and the
 * systemd env file set is one calico-node reads, and the example configs parse.
 */
class DeployFilesTest {
  private static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Read by the launcher (bin/calico-node) or informational for calicoctl-style tools, not by picocli. */
  private static final Set<String> LAUNCHER_ENV = Set.of("JCALICO_JAVA_OPTS", "DATASTORE_TYPE");

  @TempDir Path tmp;

  @Test
  void installCniWritesThePluginsAndAConflistTheDaemonAccepts() throws Exception {
    Path src = fakePlugins();
    Map<String, String> env = installEnv(src);
    env.put("CNI_NETWORK_CONFIG", configMap().get("cni_network_config").asText());
    env.put("CNI_MTU", "1440");
    env.put("ETCD_ENDPOINTS", "http://198.18.0.1:2379,http://198.18.0.2:2379");
    env.put("KUBERNETES_NODE_NAME", "node-a");

    Run run = installCni(env);

    assertThat(run.exit()).as(run.output()).isZero();
    for (String plugin : List.of("calico", "calico-ipam")) {
      Path installed = tmp.resolve("bin").resolve(plugin);
      assertThat(Files.readString(installed)).isEqualTo(Files.readString(src.resolve(plugin)));
      assertThat(Files.getPosixFilePermissions(installed)).contains(PosixFilePermission.OTHERS_EXECUTE);
    }
    JsonNode conflist = JSON.readTree(tmp.resolve("net.d/10-calico.conflist").toFile());
    NetConf conf = NetConf.parse(asRuntimeWouldPass(conflist, 0));
    assertThat(conf.type()).isEqualTo("calico");
    assertThat(conf.mtu()).isEqualTo(1440);
    assertThat(conf.nodename()).isEqualTo("node-a");
    assertThat(conf.etcdEndpoints()).containsExactly("http://198.18.0.1:2379", "http://198.18.0.2:2379");
    assertThat(conf.ipam().type()).isEqualTo("calico-ipam");
    assertThat(tmp.resolve("net.d")).isDirectoryNotContaining("glob:**/.*.tmp");
  }

  @Test
  void installCniRefusesATemplateItCannotCompleteAndLeavesNoConfig() throws Exception {
    Map<String, String> env = installEnv(fakePlugins());
    env.put("CNI_NETWORK_CONFIG", "{\"name\":\"k8s-pod-network\",\"x\":\"__UNKNOWN_THING__\"}");
    Run run = installCni(env);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("placeholders this script does not fill: __UNKNOWN_THING__");
    assertThat(tmp.resolve("net.d")).isEmptyDirectory();

    env.remove("CNI_NETWORK_CONFIG");
    run = installCni(env);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("set CNI_NETWORK_CONFIG");

    env.put("CNI_NETWORK_CONFIG", "{}");
    env.put("CNI_BIN_SRC", tmp.resolve("nowhere").toString());
    run = installCni(env);
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.output()).contains("nowhere/calico is missing");
  }

  @Test
  void theExampleConflistIsAcceptedPluginByPlugin() throws Exception {
    JsonNode conflist = JSON.readTree(DEPLOY.resolve("examples/10-calico.conflist").toFile());
    NetConf conf = NetConf.parse(asRuntimeWouldPass(conflist, 0));
    assertThat(conf.cniVersion()).isEqualTo("1.0.0");
    assertThat(conf.ipam().type()).isEqualTo("calico-ipam");
  }

  @Test
  void everyEnvironmentVariableTheManifestAndUnitSetIsOneCalicoNodeReads() throws Exception {
    Set<String> known = new TreeSet<>(LAUNCHER_ENV);
    known.addAll(calicoNodeEnvironment());

    JsonNode container = daemonSet().at("/spec/template/spec/containers/0");
    assertThat(container.get("name").asText()).isEqualTo("calico-node");
    List<String> manifestEnv = new ArrayList<>();
    container.get("env").forEach(e -> manifestEnv.add(e.get("name").asText()));
    assertThat(manifestEnv).isNotEmpty().allSatisfy(name -> assertThat(known).contains(name));

    List<String> unitEnv = Files.readAllLines(DEPLOY.resolve("systemd/calico-node.env")).stream()
        .map(l -> l.replaceFirst("^#", "")).filter(l -> l.matches("[A-Z0-9_]+=.*"))
        .map(l -> l.substring(0, l.indexOf('='))).toList();
    assertThat(unitEnv).contains("NODENAME", "IP", "ETCD_ENDPOINTS").allSatisfy(name -> assertThat(known).contains(name));
  }

  @Test
  void theDaemonSetMountsWhatTheDaemonAndPluginsUse() throws Exception {
    JsonNode spec = daemonSet().at("/spec/template/spec");
    assertThat(spec.get("hostNetwork").asBoolean()).isTrue();
    Map<String, String> hostPaths = new HashMap<>();
    spec.get("volumes").forEach(v -> hostPaths.put(v.get("name").asText(), v.at("/hostPath/path").asText()));
    Map<String, String> mounts = new HashMap<>();
    spec.at("/containers/0/volumeMounts").forEach(m -> mounts.put(m.get("mountPath").asText(), hostPaths.get(m.get("name").asText())));
    // the CNI socket and the node API socket, at the same path inside and outside
    assertThat(mounts).containsEntry("/var/run/calico", "/var/run/calico").containsEntry("/var/run/netns", "/var/run/netns");
    JsonNode init = spec.at("/initContainers/0");
    assertThat(init.at("/command/0").asText()).isEqualTo("/opt/jcalico/deploy/scripts/install-cni.sh");
    Set<String> initMounts = new TreeSet<>();
    init.get("volumeMounts").forEach(m -> initMounts.add(m.get("mountPath").asText()));
    assertThat(initMounts).containsExactly("/host/etc/cni/net.d", "/host/opt/cni/bin");
  }

  @Test
  void theStandaloneSpeakerExampleParsesAndItsPoliciesExist() throws Exception {
    SpeakerConfig config = SpeakerConfig.load(DEPLOY.resolve("examples/bgp-speaker.yaml"));
    assertThat(config.neighbors()).hasSize(3);
    config.neighbors().forEach(n -> {
      if (n.importPolicy() != null) assertThat(config.policies()).containsKey(n.importPolicy());
      if (n.exportPolicy() != null) assertThat(config.policies()).containsKey(n.exportPolicy());
    });
    assertThat(Files.readString(DEPLOY.resolve("systemd/bgp-speaker.service")))
        .contains("ExecStart=/opt/jcalico/bin/bgp-speaker --config /etc/jcalico/bgp-speaker.yaml");
  }

  /** The env names in calico-node's options: {@code defaultValue = "${env:NAME:-default}"}. */
  private static Set<String> calicoNodeEnvironment() {
    Pattern env = Pattern.compile("\\$\\{env:([A-Z0-9_]+)");
    Set<String> names = new TreeSet<>();
    for (Field f : CalicoNodeMain.class.getDeclaredFields()) {
      Option o = f.getAnnotation(Option.class);
      if (o == null) continue;
      Matcher m = env.matcher(o.defaultValue());
      while (m.find()) names.add(m.group(1));
    }
    assertThat(names).contains("NODENAME", "IP", "ETCD_ENDPOINTS");
    return names;
  }

  /** A runtime hands each plugin its own object plus the list's name and cniVersion. */
  private static byte[] asRuntimeWouldPass(JsonNode conflist, int index) throws IOException {
    ObjectNode plugin = ((ObjectNode) conflist.get("plugins").get(index)).deepCopy();
    plugin.put("name", conflist.get("name").asText());
    plugin.put("cniVersion", conflist.get("cniVersion").asText());
    return JSON.writeValueAsBytes(plugin);
  }

  private static List<JsonNode> manifests() throws IOException {
    YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
    try (var parser = yaml.getFactory().createParser(DEPLOY.resolve("kubernetes/calico-etcd.yaml").toFile())) {
      return yaml.readValues(parser, JsonNode.class).readAll();
    }
  }

  private static JsonNode daemonSet() throws IOException {
    return manifests().stream().filter(m -> m.get("kind").asText().equals("DaemonSet")).findFirst().orElseThrow();
  }

  private static JsonNode configMap() throws IOException {
    return manifests().stream().filter(m -> m.get("kind").asText().equals("ConfigMap")).findFirst().orElseThrow().get("data");
  }

  private Path fakePlugins() throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src"));
    for (String plugin : List.of("calico", "calico-ipam")) {
      Path p = Files.writeString(src.resolve(plugin), "#!/bin/sh\necho " + plugin + "\n");
      p.toFile().setExecutable(true);
    }
    return src;
  }

  private Map<String, String> installEnv(Path src) throws IOException {
    Files.createDirectories(tmp.resolve("net.d"));
    Map<String, String> env = new HashMap<>();
    env.put("CNI_BIN_SRC", src.toString());
    env.put("CNI_BIN_DIR", tmp.resolve("bin").toString());
    env.put("CNI_NET_DIR", tmp.resolve("net.d").toString());
    return env;
  }

  private record Run(int exit, String output) {}

  private static Run installCni(Map<String, String> env) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(DEPLOY.resolve("scripts/install-cni.sh").toString()).redirectErrorStream(true);
    pb.environment().keySet().removeIf(k -> k.startsWith("CNI_") || k.equals("ETCD_ENDPOINTS"));
    pb.environment().putAll(env);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }
}
