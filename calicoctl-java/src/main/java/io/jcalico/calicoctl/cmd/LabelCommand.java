package io.jcalico.calicoctl.cmd;

import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "label", mixinStandardHelpOptions = true,
    description = "Add or update labels of resources.",
    footer = {"%nExamples:", "  # Label a workload endpoint", "  calicoctl label workloadendpoints nginx --namespace=default app=web", "",
        "  # Label a node and overwrite the original value of key 'cluster'",
        "  calicoctl label nodes node1 cluster=frontend --overwrite", "",
        "  # Remove label with key 'cluster' of the node", "  calicoctl label nodes node1 cluster --remove", "",
        "Labelling an existing key fails without --overwrite; removing a key that is not there fails.",
        "The resource is written back only if nobody changed it in between."})
public final class LabelCommand extends CalicoctlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<KIND>", completionCandidates = KindNames.Candidates.class,
      description = "The resource type (case-insensitive, may be pluralized).")
  String kindName;

  @Parameters(index = "1", paramLabel = "<NAME>", description = "The resource name.")
  String name;

  @Parameters(index = "2", paramLabel = "<key>=<value> | <key>", description = "The label to set, or with --remove its key.")
  String label;

  @Option(names = "--remove", description = "If true, remove the specified key in labels of the resource. Reports error "
      + "when specified key does not exist. Cannot be used with --overwrite.")
  boolean remove;

  @Option(names = "--overwrite", description = "If true, overwrite the value when the key is already present in labels. "
      + "Otherwise reports error when the labeled resource already have the key in its labels. Can not be used with --remove.")
  boolean overwrite;

  @Option(names = {"-n", "--namespace"}, paramLabel = "<NS>",
      description = "Namespace of the resource. Only applicable to NetworkPolicy and WorkloadEndpoint. Uses the default namespace if not specified.")
  String namespace;

  @Mixin DatastoreOptions datastore;

  @Override
  public Integer call() {
    if (remove && overwrite) return usageError();
    String key = label;
    String value = null;
    if (!remove) {
      String[] kv = label.split("=", -1);
      if (kv.length != 2) return fail("invalid label " + label);
      key = kv[0];
      value = kv[1];
    }
    String what = kindName + " " + name;
    ResourceRef ref;
    try {
      ResourceKind kind = KindNames.require(kindName);
      if (name.isEmpty()) throw new IllegalArgumentException("resource name may not be empty");
      ref = new ResourceRef(kind, Namespaces.resolve(kind, null, namespace, false), name);
    } catch (IllegalArgumentException e) {
      return fail("failed to get " + what + ", error " + e.getMessage());
    }
    ResourceStore store = openStore(datastore);
    if (store == null) return 1;
    try (store) {
      Optional<Resource> found;
      try {
        found = store.get(ref.kind(), ref.namespace(), ref.name());
      } catch (RuntimeException e) {
        return fail("failed to get " + what + ", error " + e.getMessage());
      }
      if (found.isEmpty()) return fail(what + " not found");
      Resource current = found.get();
      Map<String, String> labels = new LinkedHashMap<>(current.metadata().labelsOrEmpty());
      boolean overwritten = false;
      if (remove) {
        if (labels.remove(key) == null) return fail("cannot remove label of " + what + ", key " + key + " does not exist");
      } else if (labels.containsKey(key)) {
        if (!overwrite && !value.equals(labels.get(key))) {
          return fail("failed to update label of " + what + ", key " + key
              + " is already present. please use '--overwrite' to set a new value.");
        }
        labels.put(key, value);
        overwritten = true;
      } else {
        labels.put(key, value);
      }
      try {
        // written at the version read: a concurrent change fails the update instead of being lost
        store.update(current.withMetadata(current.metadata().withLabels(labels)));
      } catch (RuntimeException e) {
        return fail("failed to update " + what + ", label not changed");
      }
      out().println(remove ? "Successfully removed label " + key + " from " + what
          : (overwritten ? "Successfully updated label " : "Successfully set label ") + key + " on " + what);
      return 0;
    }
  }
}
