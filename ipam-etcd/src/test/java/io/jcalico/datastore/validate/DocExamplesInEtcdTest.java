package io.jcalico.datastore.validate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.options.GetOption;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.codec.ResourceParseException;
import io.jcalico.datastore.model.Defaults;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Calico's documentation examples go through the real store and come back equal; the invalid
 * documents are refused with their error and leave etcd empty.
 */
class DocExamplesInEtcdTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static final ResourceCodec CODEC = ResourceCodec.get();
  private static EtcdResourceStore store;

  @BeforeAll
  static void connect() {
    store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard());
  }

  @AfterAll
  static void disconnect() {
    store.close();
  }

  @BeforeEach
  void clean() {
    etcd.clear();
  }

  static Stream<Path> examples() throws IOException {
    return DocFiles.under("examples");
  }

  static Stream<Path> invalid() throws IOException {
    return DocFiles.under("invalid");
  }

  /** The tree without what the store adds to metadata. */
  private static JsonNode comparable(Resource r) {
    ObjectNode t = CODEC.toTree(r);
    ObjectNode m = (ObjectNode) t.get("metadata");
    m.remove(List.of("resourceVersion", "uid", "creationTimestamp"));
    return t;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void storesReadsBackAndRoundTrips(Path file) throws IOException {
    for (Resource original : CODEC.parseAll(Files.readString(file, UTF_8))) {
      Resource created = store.create(original);
      Resource read = store.get(original.kind(), created.namespace(), original.name()).orElseThrow();
      assertThat(read).isEqualTo(created);
      assertThat(comparable(read)).isEqualTo(comparable(Defaults.fill(original).withMetadata(created.metadata())));
      // what get -o yaml / -o json prints parses back to the same resource
      assertThat(CODEC.parseOne(CODEC.toYaml(read))).isEqualTo(read);
      assertThat(CODEC.parseOne(CODEC.toJson(read))).isEqualTo(read);
      // and applying it again changes nothing but the version
      Resource again = store.apply(read);
      assertThat(comparable(again)).isEqualTo(comparable(read));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void invalidDocumentsStoreNothing(Path file) throws Exception {
    String text = Files.readString(file, UTF_8);
    List<Resource> parsed;
    try {
      parsed = CODEC.parseAll(text);
    } catch (ResourceParseException e) {
      parsed = List.of(); // refused before it could reach the store
    }
    for (Resource r : parsed) {
      if (Validator.validate(Defaults.fill(r)).isEmpty()) continue; // another document of the file is the bad one
      assertThatThrownBy(() -> store.apply(r)).isInstanceOf(DatastoreException.Invalid.class)
          .hasMessageContaining(r.displayName());
    }
    ByteSequence zero = ByteSequence.from(new byte[] {0});
    long keys = etcd.client().getKVClient().get(zero, GetOption.builder().withRange(zero).withCountOnly(true).build())
        .get(5, TimeUnit.SECONDS).getCount();
    assertThat(keys).as("nothing stored for %s", file.getFileName()).isZero();
  }
}
