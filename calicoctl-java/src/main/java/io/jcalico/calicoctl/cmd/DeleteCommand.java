package io.jcalico.calicoctl.cmd;

import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", mixinStandardHelpOptions = true,
    description = "Delete resources by file or stdin, or by type and name: calicoctl delete <kind> <name>...")
public final class DeleteCommand extends ResourceFileCommand {
  @Parameters(arity = "0..*", paramLabel = "<KIND> <NAME>", description = "The kind, then one or more names.")
  List<String> args;

  @Option(names = {"-n", "--namespace"}, description = "Namespace of the resource (namespaced kinds). [default: default]")
  String namespace;

  @Option(names = "--skip-not-exists", description = "Skip over and treat as successful any attempts to delete an entry that does not exist.")
  boolean skipNotExists;

  @Override String verb() { return "delete"; }

  @Override String verbPast() { return "deleted"; }

  @Override boolean act(ResourceStore store, Resource r) {
    return deleteOne(store, r.kind(), r.namespace(), r.name(), r.metadata().resourceVersion());
  }

  private boolean deleteOne(ResourceStore store, ResourceKind kind, String ns, String name, String rv) {
    String effectiveNs = kind.namespaced() ? (ns == null ? "default" : ns) : null;
    try {
      store.delete(kind, effectiveNs, name, rv);
      return true;
    } catch (DatastoreException.NotFound e) {
      if (skipNotExists) return true;
      throw e;
    }
  }

  @Override
  Integer callWithoutFile() {
    if (args == null || args.size() < 2) {
      spec.commandLine().getErr().println("Specify -f <filename>, or a resource type and at least one name");
      return 2;
    }
    ResourceKind kind;
    try {
      kind = KindNames.require(args.get(0));
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("Failed to execute command: " + e.getMessage());
      return 1;
    }
    int failed = 0;
    try (ResourceStore store = datastore.open()) {
      for (String name : args.subList(1, args.size())) {
        try {
          deleteOne(store, kind, namespace, name, null);
        } catch (RuntimeException e) {
          failed++;
          spec.commandLine().getErr().println("Failed to delete '" + kind.kindName() + "' resource '" + name + "': " + e.getMessage());
        }
      }
    }
    int ok = args.size() - 1 - failed;
    if (ok > 0) spec.commandLine().getOut().println("Successfully deleted " + ok + " '" + kind.kindName() + "' resource(s)");
    return failed == 0 ? 0 : 1;
  }
}
