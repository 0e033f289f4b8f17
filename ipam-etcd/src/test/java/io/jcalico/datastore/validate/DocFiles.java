package io.jcalico.datastore.validate;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The YAML test documents under a test-resources folder, in a stable order. */
final class DocFiles {
  private DocFiles() {}

  static Stream<Path> under(String folder) throws IOException {
    Path root;
    try {
      root = Path.of(DocFiles.class.getClassLoader().getResource(folder).toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    try (Stream<Path> s = Files.walk(root)) {
      List<Path> files = s.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      return files.stream();
    }
  }
}
