package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import picocli.CommandLine.Command;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Apply a resource by file, directory or stdin. This creates a resource if it does not exist, "
        + "and replaces a resource if it does exist.",
    footer = {"%nExamples:", "  # Apply a policy using the data in policy.yaml.", "  calicoctl apply -f ./policy.yaml", "",
        "  # Apply a policy based on the JSON passed into stdin.", "  cat policy.json | calicoctl apply -f -", "",
        "When replacing, the complete resource spec must be provided. The resources are applied in the order they",
        "are given; each failure is reported and the count says how many were applied."})
public final class ApplyCommand extends ResourceFileCommand {
  @Override
  void act(ResourceStore store, Resource r) {
    if (r.kind() == ResourceKind.CLUSTER_INFORMATION) {
      throw new UnsupportedOperationException("operation apply is not supported on ClusterInformation: resource is readonly");
    }
    store.apply(r);
  }

  @Override
  int report(Results results, boolean fromCommandLine) {
    return reportCreateOrApply(results, fromCommandLine, "apply", "applied", "Hit error(s): ");
  }
}
