package io.jcalico.calicoctl.cmd;

import io.jcalico.calicoctl.client.DatastoreConfig;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.datastore.validate.Admission;
import java.time.Duration;
import picocli.CommandLine.Option;

/** The datastore options every command that talks to the datastore takes. */
public final class DatastoreOptions {
  @Option(names = {"-c", "--config"}, paramLabel = "<config>",
      description = "Path to the file containing connection configuration in YAML or JSON format. [default: "
          + DatastoreConfig.DEFAULT_CONFIG + "]")
  String configFile;

  @Option(names = "--timeout", paramLabel = "<seconds>", defaultValue = "5",
      description = "How long to wait for the datastore before giving up. [default: ${DEFAULT-VALUE}]")
  int timeoutSeconds;

  public DatastoreConfig config() {
    return DatastoreConfig.resolve(configFile, System.getenv());
  }

  public ResourceStore open() {
    return EtcdResourceStore.connect(config().etcdEndpoints(), Duration.ofSeconds(timeoutSeconds), Admission.standard());
  }
}
