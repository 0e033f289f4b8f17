package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "create", mixinStandardHelpOptions = true,
    description = "Create a resource by file or stdin; it must not exist yet.")
public final class CreateCommand extends ResourceFileCommand {
  @Option(names = "--skip-exists", description = "Skip over and treat as successful any attempts to create an entry that already exists.")
  boolean skipExists;

  @Override String verb() { return "create"; }

  @Override String verbPast() { return "created"; }

  @Override boolean act(ResourceStore store, Resource r) {
    try {
      store.create(r);
      return true;
    } catch (DatastoreException.AlreadyExists e) {
      if (skipExists) return true;
      throw e;
    }
  }
}
