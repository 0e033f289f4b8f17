package io.jcalico.calicoctl;

import io.jcalico.datastore.etcd.LocalEtcd;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The training run of the class-data-sharing archive that scripts/build.sh makes
 * ({@code -XX:ArchiveClassesAtExit}): the everyday commands, every output format, against a
 * throw-away etcd on free loopback ports, so the archive holds the classes a real run loads.
 */
public final class Training {
  private static final List<String> KINDS = List.of("bgpconfigurations", "bgppeers", "bgpfilters", "ippools", "nodes",
      "globalnetworkpolicies", "networkpolicies", "workloadendpoints", "hostendpoints", "profiles", "clusterinformations");

  private Training() {}

  public static void main(String[] args) throws IOException {
    Path dir = Files.createTempDirectory("calicoctl-training");
    Path file = dir.resolve("resources.yaml");
    try (InputStream in = Training.class.getResourceAsStream("/calicoctl-training.yaml");
         LocalEtcd etcd = LocalEtcd.onFreePorts().start()) {
      Files.write(file, in.readAllBytes());
      Map<String, String> env = Map.of("ETCD_ENDPOINTS", etcd.endpoint());
      run(env, "apply", "-f", file.toString());
      run(env, "create", "-f", file.toString());
      run(env, "replace", "-f", file.toString());
      for (String kind : KINDS) {
        for (String output : List.of("ps", "wide", "yaml", "json")) run(env, "get", kind, "-A", "-o", output);
        run(env, "get", kind, "-o", "yaml");
      }
      run(env, "get", "ippool", "training-pool", "-o", "custom-columns=NAME,CIDR");
      run(env, "get", "ippool", "missing");
      run(env, "label", "nodes", "training-node", "zone=a");
      run(env, "patch", "bgppeer", "training-peer", "-p", "{\"spec\":{\"asNumber\":65002}}");
      run(env, "version");
      run(env, "delete", "-f", file.toString());
      run(env, "get", "--help");
      run(env, "--help");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(dir);
    }
  }

  private static void run(Map<String, String> env, String... args) {
    CommandLine cl = Calicoctl.commandLine(env, args);
    PrintWriter sink = new PrintWriter(Writer.nullWriter());
    cl.setOut(sink);
    cl.setErr(sink);
    cl.execute(args);
  }
}
