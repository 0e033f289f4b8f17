package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.ResourceStore;
import picocli.CommandLine.Command;

@Command(name = "replace", mixinStandardHelpOptions = true,
    description = "Replace an existing resource by file or stdin (compare-and-swap on metadata.resourceVersion when given).")
public final class ReplaceCommand extends ResourceFileCommand {
  @Override String verb() { return "replace"; }

  @Override String verbPast() { return "replaced"; }

  @Override boolean act(ResourceStore store, Resource r) {
    store.update(r);
    return true;
  }
}
