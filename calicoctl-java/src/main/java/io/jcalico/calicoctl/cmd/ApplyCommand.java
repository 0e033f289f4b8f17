package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.ResourceStore;
import picocli.CommandLine.Command;

@Command(name = "apply", mixinStandardHelpOptions = true,
    description = "Apply a resource by file or stdin: create it, or replace it if it exists.")
public final class ApplyCommand extends ResourceFileCommand {
  @Override String verb() { return "apply"; }

  @Override String verbPast() { return "applied"; }

  @Override boolean act(ResourceStore store, Resource r) {
    store.apply(r);
    return true;
  }
}
