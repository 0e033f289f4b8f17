package io.jcalico.calicoctl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Runs calicoctl in-process against one etcd, capturing what a user would see. */
public final class CalicoctlHarness {
  public record Run(int exit, String out, String err) {}

  private final Path dir;
  private final Path config;
  private Map<String, String> environment = Map.of();

  public CalicoctlHarness(Path dir, String etcdEndpoint) throws IOException {
    this.dir = dir;
    this.config = dir.resolve("calicoctl.cfg");
    Files.writeString(config, """
        apiVersion: projectcalico.org/v3
        kind: CalicoAPIConfig
        metadata: {}
        spec:
          datastoreType: etcdv3
          etcdEndpoints: %s
        """.formatted(etcdEndpoint));
  }

  public Path dir() {
    return dir;
  }

  public Path config() {
    return config;
  }

  /** The environment calicoctl sees (DATASTORE_TYPE, ETCD_ENDPOINTS); empty by default. */
  public CalicoctlHarness environment(Map<String, String> env) {
    this.environment = env;
    return this;
  }

  /** calicoctl with these arguments and {@code -c <config>} appended. */
  public Run run(String... args) {
    return runRaw(withConfig(args));
  }

  /** As {@link #run}, with this text on standard input. */
  public Run runWithStdin(String stdin, String... args) {
    InputStream saved = System.in;
    System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
    try {
      return run(args);
    } finally {
      System.setIn(saved);
    }
  }

  public String[] withConfig(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", config.toString()));
    return all.toArray(String[]::new);
  }

  /** calicoctl with exactly these arguments. */
  public Run runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Calicoctl.commandLine(environment);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int rc = cl.execute(args);
    return new Run(rc, out.toString(), err.toString());
  }

  public Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  /** Applies YAML text, failing the test if calicoctl fails. */
  public void apply(String yaml) throws IOException {
    Run r = run("apply", "-f", file("apply-" + System.nanoTime() + ".yaml", yaml).toString());
    if (r.exit() != 0) throw new AssertionError("apply failed: " + r.out() + r.err());
  }

  /** Applies a test resource (under src/test/resources), failing the test if calicoctl fails. */
  public void applyResource(String resource) throws IOException {
    try (InputStream in = CalicoctlHarness.class.getResourceAsStream("/" + resource)) {
      if (in == null) throw new IOException("no test resource " + resource);
      apply(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
