package io.jcalico.calicoctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs calicoctl in-process against one etcd, capturing what a user would see. */
final class CalicoctlHarness {
  record Run(int exit, String out, String err) {}

  private final Path dir;
  private final Path config;

  CalicoctlHarness(Path dir, String etcdEndpoint) throws IOException {
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

  /** calicoctl with these arguments and {@code -c <config>} appended. */
  Run run(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("-c", config.toString()));
    return runRaw(all.toArray(String[]::new));
  }

  /** calicoctl with exactly these arguments. */
  Run runRaw(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = Calicoctl.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int rc = cl.execute(args);
    return new Run(rc, out.toString(), err.toString());
  }

  Path file(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /** Applies YAML text, failing the test if calicoctl fails. */
  void apply(String yaml) throws IOException {
    Run r = run("apply", "-f", file("apply-" + System.nanoTime() + ".yaml", yaml).toString());
    if (r.exit() != 0) throw new AssertionError("apply failed: " + r.err());
  }
}
