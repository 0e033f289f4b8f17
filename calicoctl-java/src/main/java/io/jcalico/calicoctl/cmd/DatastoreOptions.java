package io.jcalico.calicoctl.cmd;

import io.jcalico.calicoctl.client.DatastoreConfig;
import io.jcalico.calicoctl.client.Datastores;
import io.jcalico.datastore.store.ResourceStore;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The datastore options every command that talks to the datastore takes, as calicoctl names them. */
public final class DatastoreOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "<CONFIG>",
      description = "Path to the file containing connection configuration in YAML or JSON format. [default: "
          + DatastoreConfig.DEFAULT_CONFIG + "]")
  String configFile;

  @Option(names = "--timeout", paramLabel = "<SECONDS>", defaultValue = "5",
      description = "How long each datastore call may take before the datastore counts as unreachable. [default: ${DEFAULT-VALUE}]")
  int timeoutSeconds;

  @Option(names = "--context", paramLabel = "<context>", description = "The name of the kubeconfig context to use (accepted; the etcdv3 datastore has none).")
  String context;

  @Option(names = "--allow-version-mismatch", description = "Allow client and cluster versions mismatch.")
  boolean allowVersionMismatch;

  public DatastoreConfig config() {
    return DatastoreConfig.resolve(configFile, System.getenv());
  }

  public Duration timeout() {
    return Duration.ofSeconds(timeoutSeconds);
  }

  /** A store for the configured datastore; fails with calicoctl's "Failed to create Calico API client" cause. */
  public ResourceStore open() {
    return Datastores.open(config(), timeout());
  }
}
