package io.jcalico.felix.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Runs calicoctl as its own process, as an operator would, from the test class path. */
final class Calicoctl {
  private Calicoctl() {}

  static Exec.Result run(String... args) {
    return run(null, args);
  }

  /** With exactly {@code env} as its environment (null: the test JVM's). */
  static Exec.Result run(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        "io.jcalico.calicoctl.Calicoctl"));
    cmd.addAll(List.of(args));
    return Exec.run(cmd, env, null, Duration.ofSeconds(60));
  }
}
