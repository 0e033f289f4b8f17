package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "label", mixinStandardHelpOptions = true,
    description = "Add, update or remove a label: calicoctl label <kind> <name> key=value [--overwrite] | --remove key")
public final class LabelCommand implements Callable<Integer> {
  private static final int ATTEMPTS = 5;

  @Parameters(index = "0", paramLabel = "<KIND>") String kindName;

  @Parameters(index = "1", paramLabel = "<NAME>") String name;

  @Parameters(index = "2", arity = "0..1", paramLabel = "<key>=<value>") String label;

  @Option(names = "--remove", paramLabel = "<key>", description = "Remove the label with this key.") String remove;

  @Option(names = "--overwrite", description = "Replace the value if the label exists.") boolean overwrite;

  @Option(names = {"-n", "--namespace"}, description = "Namespace (namespaced kinds). [default: default]") String namespace;

  @Mixin DatastoreOptions datastore;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if ((label == null) == (remove == null)) {
      spec.commandLine().getErr().println("Specify either <key>=<value> or --remove <key>");
      return 2;
    }
    String key = remove != null ? remove : label.substring(0, Math.max(0, label.indexOf('=')));
    if (remove == null && key.isEmpty()) {
      spec.commandLine().getErr().println("Failed to set label: '" + label + "' is not of the form <key>=<value>");
      return 1;
    }
    try {
      ResourceRef ref = ResourceRef.of(kindName, name, namespace);
      try (ResourceStore store = datastore.open()) {
        for (int attempt = 1; ; attempt++) {
          Resource current = store.get(ref.kind(), ref.namespace(), ref.name())
              .orElseThrow(() -> new DatastoreException.NotFound("resource " + ref.display()));
          Map<String, String> labels = new LinkedHashMap<>(current.metadata().labelsOrEmpty());
          if (remove != null) {
            if (labels.remove(key) == null) {
              throw new IllegalArgumentException("can not remove label of " + ref.display() + ": label key " + key + " is not present");
            }
          } else {
            if (labels.containsKey(key) && !overwrite) {
              throw new IllegalArgumentException("key " + key + " is already present. please use '--overwrite' to set a new value.");
            }
            labels.put(key, label.substring(label.indexOf('=') + 1));
          }
          try {
            store.update(current.withMetadata(current.metadata().withLabels(labels)));
            break;
          } catch (DatastoreException.Conflict e) {
            if (attempt >= ATTEMPTS) throw e;
          }
        }
      }
      spec.commandLine().getOut().println(remove != null
          ? "Successfully removed label " + key + " from " + ref.kind().plural() + " " + name
          : "Successfully set label " + key + " on " + ref.kind().plural() + " " + name);
      return 0;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println((remove != null ? "Failed to remove label: " : "Failed to set label: ") + e.getMessage());
      return 1;
    }
  }
}
