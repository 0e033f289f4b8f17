package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a resource by file, directory or stdin; it must not exist yet.",
    footer = {"%nExamples:", "  # Create a policy using the data in policy.yaml.", "  calicoctl create -f ./policy.yaml", "",
        "  # Create a policy based on the JSON passed into stdin.", "  cat policy.json | calicoctl create -f -"})
public final class CreateCommand extends ResourceFileCommand {
  @Option(names = "--skip-exists", description = "Skip over and treat as successful any attempts to create an entry that already exists.")
  boolean skipExists;

  @Override
  void act(ResourceStore store, Resource r) {
    if (r.kind() == ResourceKind.CLUSTER_INFORMATION) {
      throw new UnsupportedOperationException("operation create or apply is not supported on ClusterInformation");
    }
    try {
      store.create(r);
    } catch (DatastoreException.AlreadyExists e) {
      if (!skipExists) throw e;
    }
  }

  @Override
  int report(Results results, boolean fromCommandLine) {
    return reportCreateOrApply(results, fromCommandLine, "create", "created", "Hit error: ");
  }
}
