package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.datastore.codec.JsonMergePatch;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "patch", mixinStandardHelpOptions = true,
    description = "Patch a resource with a JSON merge patch: calicoctl patch <kind> <name> -p '{\"spec\":{...}}'")
public final class PatchCommand implements Callable<Integer> {
  private static final int ATTEMPTS = 5;

  @Parameters(index = "0", paramLabel = "<KIND>") String kindName;

  @Parameters(index = "1", paramLabel = "<NAME>") String name;

  @Option(names = {"-p", "--patch"}, required = true, paramLabel = "<patch>", description = "The JSON merge patch (RFC 7386).")
  String patch;

  @Option(names = {"-n", "--namespace"}, description = "Namespace (namespaced kinds). [default: default]")
  String namespace;

  @Mixin DatastoreOptions datastore;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ResourceCodec codec = ResourceCodec.get();
    try {
      ResourceRef ref = ResourceRef.of(kindName, name, namespace);
      JsonNode patchTree;
      try {
        patchTree = codec.json().readTree(patch);
      } catch (Exception e) {
        throw new IllegalArgumentException("the patch is not valid JSON: " + e.getMessage());
      }
      if (patchTree == null || !patchTree.isObject()) throw new IllegalArgumentException("the patch must be a JSON object");
      try (ResourceStore store = datastore.open()) {
        for (int attempt = 1; ; attempt++) {
          Resource current = store.get(ref.kind(), ref.namespace(), ref.name())
              .orElseThrow(() -> new DatastoreException.NotFound("resource " + ref.display()));
          JsonNode patched = JsonMergePatch.apply(codec.toTree(current), patchTree);
          Resource next = codec.fromTree(patched, "patched resource", ref.kind());
          // CAS on the version we patched, so a concurrent change is never overwritten
          next = next.withMetadata(next.metadata().withResourceVersion(current.metadata().resourceVersion()));
          try {
            store.update(next);
            break;
          } catch (DatastoreException.Conflict e) {
            if (attempt >= ATTEMPTS) throw e;
          }
        }
      }
      spec.commandLine().getOut().println("Successfully patched 1 '" + ref.kind().kindName() + "' resource");
      return 0;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("Failed to patch resource: " + e.getMessage());
      return 1;
    }
  }
}
