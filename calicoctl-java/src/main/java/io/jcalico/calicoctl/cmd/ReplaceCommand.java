package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import picocli.CommandLine.Command;

@Command(name = "replace", mixinStandardHelpOptions = true,
    description = "Replace a resource by file, directory or stdin. With metadata.resourceVersion set, only if the "
        + "resource is still at that version.",
    footer = {"%nExamples:", "  # Replace a policy using the data in policy.yaml.", "  calicoctl replace -f ./policy.yaml", "",
        "  # Replace a policy based on the JSON passed into stdin.", "  cat policy.json | calicoctl replace -f -", "",
        "Attempting to replace a resource that does not exist is an error. The complete resource spec must be given."})
public final class ReplaceCommand extends ResourceFileCommand {
  @Override
  void act(ResourceStore store, Resource r) {
    if (r.kind() == ResourceKind.CLUSTER_INFORMATION) {
      throw new UnsupportedOperationException("operation apply or replace is not supported on ClusterInformation");
    }
    store.update(r);
  }

  @Override
  int report(Results r, boolean fromCommandLine) {
    String kind = r.singleKind(fromCommandLine);
    int total = r.resources.size();
    String last = r.errors.isEmpty() ? null : r.errors.get(r.errors.size() - 1); // calicoctl keeps the last error
    if (r.handled == 0) {
      return fail(total == 1 ? "Failed to replace '" + kind + "' resource: " + last
          : kind != null ? "Failed to replace any '" + kind + "' resources: " + last
          : "Failed to replace any resources: " + last);
    }
    if (last == null) {
      out().println("Successfully replaced " + r.handled + " " + (kind != null ? "'" + kind + "' " : "") + "resource(s)");
      return 0;
    }
    out().println("Partial success: replaced the first " + r.handled + " out of " + total + " "
        + (kind != null ? "'" + kind + "' " : "") + "resources:");
    return fail("Hit error: " + last);
  }
}
