package io.jcalico.calicoctl.cmd;

import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete a resource identified by file, directory, stdin or resource type and name.",
    footer = {"%nExamples:", "  # Delete a policy using the type and name specified in policy.yaml.", "  calicoctl delete -f ./policy.yaml", "",
        "  # Delete a policy based on the type and name in the YAML passed into stdin.", "  cat policy.yaml | calicoctl delete -f -", "",
        "  # Delete policies with names \"foo\" and \"bar\"", "  calicoctl delete policy foo bar", "",
        "With metadata.resourceVersion in the file, only if the resource is still at that version."})
public final class DeleteCommand extends ResourceFileCommand {
  @Parameters(arity = "0..*", paramLabel = "<KIND> <NAME>", completionCandidates = KindNames.Candidates.class,
      description = "The resource type, then one or more names.")
  List<String> args;

  @Option(names = "--skip-not-exists", description = "Skip over and treat as successful any attempts to delete an entry that does not exist.")
  boolean skipNotExists;

  @Override
  List<Resource> resourcesFromArgs() {
    if (args == null || args.size() < 2) return null;
    ResourceKind kind = KindNames.require(args.get(0));
    List<Resource> out = new ArrayList<>();
    for (String name : args.subList(1, args.size())) {
      if (name.isEmpty()) throw new IllegalArgumentException("resource name may not be empty");
      out.add(Resources.named(kind, null, name));
    }
    return out;
  }

  @Override
  void act(ResourceStore store, Resource r) {
    if (r.kind() == ResourceKind.CLUSTER_INFORMATION) {
      throw new UnsupportedOperationException("operation delete is not supported on ClusterInformation");
    }
    ObjectMeta m = r.metadata();
    try {
      store.delete(r.kind(), r.namespace(), r.name(), m.resourceVersion());
    } catch (DatastoreException.NotFound e) {
      if (!skipNotExists) throw e;
    }
  }

  @Override
  int report(Results r, boolean fromCommandLine) {
    String kind = r.singleKind(fromCommandLine);
    if (r.handled > 0) {
      out().println("Successfully deleted " + r.handled + " " + (kind != null ? "'" + kind + "' " : "") + "resource(s)");
    }
    if (r.errors.isEmpty()) return 0;
    StringBuilder sb = new StringBuilder();
    for (String e : r.errors) {
      sb.append(kind != null ? "Failed to delete '" + kind + "' resource: " : "Failed to delete resource: ").append(e).append('\n');
    }
    return fail(sb.toString());
  }
}
