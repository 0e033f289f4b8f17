package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Defaults;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceAdmission;
import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every example from Calico's documentation pages (ipam-etcd's test resources, examples/) goes in
 * unchanged with {@code calicoctl apply} and reads back with {@code calicoctl get -o yaml} as the
 * input plus what the store adds (defaults, uid, creation time, resourceVersion); the YAML and the
 * JSON that calicoctl prints apply back unchanged too.
 */
class DocExamplesRoundTripTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final ResourceCodec CODEC = ResourceCodec.get();

  @TempDir Path dir;
  private CalicoctlHarness ctl;

  @BeforeEach
  void setUp() throws IOException {
    etcd.clear();
    ctl = new CalicoctlHarness(dir, etcd.endpoint());
  }

  static Stream<String> examples() throws IOException, URISyntaxException {
    URI root = DocExamplesRoundTripTest.class.getClassLoader().getResource("examples").toURI();
    Path base;
    if (root.getScheme().equals("jar")) {
      FileSystem fs;
      try {
        fs = FileSystems.getFileSystem(root);
      } catch (FileSystemNotFoundException e) {
        fs = FileSystems.newFileSystem(root, Map.of());
      }
      base = fs.provider().getPath(root);
    } else {
      base = Path.of(root);
    }
    List<String> out = new ArrayList<>();
    try (Stream<Path> s = Files.walk(base)) {
      s.filter(p -> p.toString().endsWith(".yaml")).forEach(p -> out.add("examples/" + base.relativize(p)));
    }
    return out.stream().sorted();
  }

  private static String read(String resource) throws IOException {
    try (var in = DocExamplesRoundTripTest.class.getClassLoader().getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  /** A resource tree without what the store makes up. */
  private static JsonNode comparable(Resource r) {
    ObjectNode t = CODEC.toTree(r);
    ((ObjectNode) t.get("metadata")).remove(List.of("resourceVersion", "uid", "creationTimestamp"));
    return t;
  }

  private String[] getArgs(Resource r, String output) {
    String kind = r.kind().plural();
    return r.kind().namespaced()
        ? new String[] {"get", kind, r.name(), "-n", r.namespace() == null ? "default" : r.namespace(), "-o", output}
        : new String[] {"get", kind, r.name(), "-o", output};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void appliesUnchangedAndReadsBackIdentical(String example) throws IOException {
    String text = read(example);
    List<Resource> input = CODEC.parseAll(text);
    Path file = ctl.file("example.yaml", text);

    if (input.get(0).kind() == ResourceKind.CLUSTER_INFORMATION) {
      // calico-node owns ClusterInformation: calicoctl refuses to write it, as Calico's does
      CalicoctlHarness.Run r = ctl.run("apply", "-f", file.toString());
      assertThat(r.exit()).isEqualTo(1);
      assertThat(r.err()).contains("operation apply is not supported on ClusterInformation: resource is readonly");
      try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), ResourceAdmission.NONE)) {
        input.forEach(store::create);
      }
    } else {
      CalicoctlHarness.Run applied = ctl.run("apply", "-f", file.toString());
      assertThat(applied.exit()).as(applied.err()).isZero();
      assertThat(applied.out()).startsWith("Successfully applied " + input.size() + " ");
    }
    if (input.get(0).kind() == ResourceKind.K8S_NETWORK_POLICY) {
      // not a calicoctl kind to get; what apply stored is checked through the store
      try (EtcdResourceStore store = EtcdResourceStore.overGateway(etcd.endpoint(), Duration.ofSeconds(5), ResourceAdmission.NONE)) {
        for (Resource in : input) {
          Resource stored = store.get(in.kind(), in.namespace() == null ? "default" : in.namespace(), in.name()).orElseThrow();
          assertThat(comparable(stored)).isEqualTo(comparable(Defaults.fill(in)));
        }
      }
      return;
    }
    for (Resource in : input) {
      Resource expected = Defaults.fill(in);
      CalicoctlHarness.Run yaml = ctl.run(getArgs(in, "yaml"));
      assertThat(yaml.exit()).as(yaml.err()).isZero();
      Resource fromYaml = CODEC.parseOne(yaml.out());
      assertThat(comparable(fromYaml)).isEqualTo(comparable(expected));

      CalicoctlHarness.Run json = ctl.run(getArgs(in, "json"));
      Resource fromJson = CODEC.parseOne(json.out());
      assertThat(fromJson).isEqualTo(fromYaml);

      if (in.kind() == ResourceKind.CLUSTER_INFORMATION) continue;
      // what calicoctl printed goes back in unchanged: YAML with apply, JSON with replace (its
      // resourceVersion is current, so the compare-and-swap succeeds)
      CalicoctlHarness.Run again = ctl.run("apply", "-f", ctl.file("again.yaml", yaml.out()).toString());
      assertThat(again.exit()).as(again.err()).isZero();
      String current = ctl.run(getArgs(in, "json")).out();
      CalicoctlHarness.Run replaced = ctl.run("replace", "-f", ctl.file("again.json", current).toString());
      assertThat(replaced.exit()).as(replaced.err()).isZero();
      Resource after = CODEC.parseOne(ctl.run(getArgs(in, "yaml")).out());
      assertThat(comparable(after)).isEqualTo(comparable(expected));
      assertThat(after.metadata().uid()).isEqualTo(fromYaml.metadata().uid());
      assertThat(after.metadata().creationTimestamp()).isEqualTo(fromYaml.metadata().creationTimestamp());
    }
  }
}
