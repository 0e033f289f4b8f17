package io.jcalico.calicoctl;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * A golden transcript: commands and exactly what calicoctl printed (exit status, standard output,
 * standard error), compared with {@code src/test/resources/golden/<name>.txt}. Values the store
 * makes up (uid, creationTimestamp, resourceVersion) are replaced by placeholders first; nothing
 * else is normalised, so trailing spaces and blank lines count. Run with
 * {@code -Dgolden.update=true} to rewrite the files after a deliberate change, then review the diff.
 */
final class Transcript {
  private static final Pattern UID = Pattern.compile("(\"?uid\"?: \"?)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private static final Pattern CREATED = Pattern.compile("(\"?creationTimestamp\"?: \")[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z");
  private static final Pattern REVISION = Pattern.compile("(\"?resourceVersion\"?: \")[0-9]+");

  private final CalicoctlHarness ctl;
  private final StringBuilder text = new StringBuilder();

  Transcript(CalicoctlHarness ctl) {
    this.ctl = ctl;
  }

  /** Runs calicoctl (with the test's config file) and records it. */
  CalicoctlHarness.Run run(String... args) {
    return record(String.join(" ", args), ctl.run(args));
  }

  /** Runs calicoctl with standard input and records it. */
  CalicoctlHarness.Run runWithStdin(String stdin, String... args) {
    return record(String.join(" ", args) + " < stdin", ctl.runWithStdin(stdin, args));
  }

  /** Runs calicoctl with exactly these arguments and records it. */
  CalicoctlHarness.Run runRaw(String shown, String... args) {
    return record(shown, ctl.runRaw(args));
  }

  private CalicoctlHarness.Run record(String shown, CalicoctlHarness.Run r) {
    text.append("$ calicoctl ").append(normalise(shown)).append('\n')
        .append("[exit ").append(r.exit()).append("]\n")
        .append("[stdout]\n").append(normalise(r.out()))
        .append("[stderr]\n").append(normalise(r.err()))
        .append("[end]\n\n");
    return r;
  }

  private String normalise(String s) {
    s = s.replace(ctl.dir().toString(), "<dir>");
    s = UID.matcher(s).replaceAll("$1<uid>");
    s = CREATED.matcher(s).replaceAll("$1<timestamp>");
    return REVISION.matcher(s).replaceAll("$1<rv>");
  }

  /** The transcript equals the golden file (or rewrites it under -Dgolden.update=true). */
  void assertMatchesGolden(String name) throws IOException {
    String actual = text.toString();
    String resource = "golden/" + name + ".txt";
    if (Boolean.getBoolean("golden.update")) {
      Path src = Path.of("src/test/resources").resolve(resource);
      Files.createDirectories(src.getParent());
      Files.writeString(src, actual);
      return;
    }
    try (InputStream in = Transcript.class.getResourceAsStream("/" + resource)) {
      assertThat(in).as("golden file %s (create it with -Dgolden.update=true)", resource).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
