package io.jcalico.datastore.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.codec.ResourceParseException;
import io.jcalico.datastore.model.Resource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each document under {@code invalid/} fails, in the codec or in validation, with exactly the
 * message its {@code # expect:} lines give (one line per problem).
 */
class InvalidDocumentsTest {

  private static final ResourceCodec CODEC = ResourceCodec.get();
  private static final String EXPECT = "# expect: ";

  static Stream<Path> documents() throws IOException {
    return DocFiles.under("invalid");
  }

  @Test
  void thereAreAtLeastThirty() throws IOException {
    assertThat(documents().count()).isGreaterThanOrEqualTo(30);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("documents")
  void failsWithTheExpectedMessage(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String expected = text.lines().filter(l -> l.startsWith(EXPECT)).map(l -> l.substring(EXPECT.length()))
        .collect(Collectors.joining("\n"));
    assertThat(expected).as("%s has no '%s' line", file, EXPECT).isNotEmpty();
    assertThatThrownBy(() -> parseAndCheck(text))
        .isInstanceOfAny(ResourceParseException.class, ValidationException.class)
        .hasMessage(expected);
  }

  private static void parseAndCheck(String text) {
    List<Resource> resources = CODEC.parseAll(text);
    resources.forEach(Validator::check);
  }
}
