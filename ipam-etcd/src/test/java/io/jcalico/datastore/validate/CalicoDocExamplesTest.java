package io.jcalico.datastore.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Defaults;
import io.jcalico.datastore.model.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every YAML example from Calico's (and Kubernetes') documentation, kept under
 * {@code examples/<kind>/}, parses, validates clean and round-trips: the JSON tree written back
 * equals the document's own tree, and YAML and JSON written back parse to equal records. With
 * Calico's defaults filled in they still validate, and survive the store's JSON form.
 */
class CalicoDocExamplesTest {

  private static final ResourceCodec CODEC = ResourceCodec.get();

  static Stream<Path> examples() throws IOException {
    return DocFiles.under("examples");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void parsesValidatesAndRoundTrips(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    List<Resource> resources = CODEC.parseAll(text);
    List<JsonNode> trees = inputTrees(text);
    assertThat(resources).as("resources in %s", file).isNotEmpty().hasSameSizeAs(trees);
    String kindDir = file.getParent().getFileName().toString();
    for (int i = 0; i < resources.size(); i++) {
      Resource r = resources.get(i);
      assertThat(r.kind().type().getSimpleName().toLowerCase()).isEqualTo(kindDir);
      assertThat(Validator.validate(r)).as("problems of %s", r.displayName()).isEmpty();
      assertThat(CODEC.toTree(r)).as("tree of %s", r.displayName()).isEqualTo(trees.get(i));
      assertThat(CODEC.parseOne(CODEC.toYaml(r))).isEqualTo(r);
      assertThat(CODEC.parseOne(CODEC.toJson(r))).isEqualTo(r);
      // what the store does: defaults, validation, compact JSON in etcd, read back with the revision
      Resource admitted = Defaults.fill(r);
      assertThat(Validator.validate(admitted)).as("problems of %s with defaults", r.displayName()).isEmpty();
      assertThat(CODEC.fromStoredJson(r.kind(), CODEC.toStoredJson(admitted), 42))
          .isEqualTo(admitted.withMetadata(admitted.metadata().withResourceVersion("42")));
    }
  }

  /** The documents' own trees, list documents expanded to their items. */
  private static List<JsonNode> inputTrees(String text) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    try (var it = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(text)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc.path("kind").asText().endsWith("List")) doc.get("items").forEach(out::add); else out.add(doc);
      }
    }
    return out;
  }
}
