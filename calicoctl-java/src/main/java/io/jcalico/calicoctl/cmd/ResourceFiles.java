package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The resources named by {@code -f}: a file, {@code -} for standard input, or a directory whose
 * {@code .yaml}, {@code .yml} and {@code .json} files are read in name order ({@code -R}: also
 * those in subdirectories), stopping at the first that fails, as calicoctl's file iterator does.
 */
final class ResourceFiles {
  /** The file cannot be read or parsed; calicoctl reports it as "Failed to execute command: ...". */
  static final class Invalid extends RuntimeException {
    Invalid(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** A file (or directory) held no resources and --skip-empty was not given. */
  static final class Empty extends RuntimeException {
    Empty(String message) {
      super(message);
    }
  }

  private ResourceFiles() {}

  static List<Resource> load(String filename, boolean recursive, boolean skipEmpty, InputStream stdin) {
    List<Resource> out = new ArrayList<>();
    if (filename.equals("-")) {
      out.addAll(parse(filename, () -> new String(stdin.readAllBytes(), StandardCharsets.UTF_8), skipEmpty));
      return out;
    }
    Path path = Path.of(filename);
    if (!Files.isDirectory(path)) {
      out.addAll(parse(filename, () -> Files.readString(path), skipEmpty));
      return out;
    }
    for (Path f : filesIn(path, recursive)) {
      out.addAll(parse(f.toString(), () -> Files.readString(f), skipEmpty));
    }
    if (out.isEmpty() && !skipEmpty) throw new Empty("No resources specified in directory " + filename);
    return out;
  }

  private static List<Path> filesIn(Path dir, boolean recursive) {
    try (Stream<Path> s = recursive ? Files.walk(dir) : Files.list(dir)) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml") || p.toString().endsWith(".json"))
          .sorted().toList();
    } catch (IOException e) {
      throw new Invalid("open " + dir + ": " + e.getMessage(), e);
    }
  }

  private interface Text {
    String read() throws IOException;
  }

  private static List<Resource> parse(String name, Text text, boolean skipEmpty) {
    String content;
    try {
      content = text.read();
    } catch (NoSuchFileException e) {
      throw new Invalid("open " + name + ": no such file or directory", e);
    } catch (IOException e) {
      throw new Invalid("open " + name + ": " + e.getMessage(), e);
    }
    List<Resource> rs;
    try {
      rs = ResourceCodec.get().parseAll(content);
    } catch (RuntimeException e) {
      throw new Invalid(e.getMessage(), e);
    }
    if (rs.isEmpty() && !skipEmpty) throw new Empty("No resources specified in file " + name);
    return rs;
  }
}
