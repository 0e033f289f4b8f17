package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.datastore.codec.JsonMergePatch;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "patch", mixinStandardHelpOptions = true,
    description = "Patch a pre-existing resource in place: the patch is merged into the stored resource "
        + "(JSON merge patch: objects merge, lists and values replace, null removes) and written back only if "
        + "nobody changed it in between.",
    footer = {"%nExamples:", "  # Partially update a node.",
        "  calicoctl patch node node-0 --patch '{\"spec\":{\"bgp\": {\"routeReflectorClusterID\": \"244.0.0.1\"}}}'"})
public final class PatchCommand extends CalicoctlCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<KIND>", completionCandidates = KindNames.Candidates.class,
      description = "The resource type (case-insensitive, may be pluralized).")
  String kindName;

  @Parameters(index = "1", paramLabel = "<NAME>", description = "The resource name.")
  String name;

  @Option(names = {"-p", "--patch"}, required = true, paramLabel = "<PATCH>", description = "Spec to use to patch the resource.")
  String patch;

  @Option(names = {"-n", "--namespace"}, paramLabel = "<NS>",
      description = "Namespace of the resource. Only applicable to NetworkPolicy and WorkloadEndpoint. Uses the default namespace if not specified.")
  String namespace;

  @Mixin DatastoreOptions datastore;

  @Override
  public Integer call() {
    ResourceKind kind;
    ResourceRef ref;
    try {
      kind = KindNames.require(kindName);
      if (name.isEmpty()) throw new IllegalArgumentException("resource name may not be empty");
      ref = new ResourceRef(kind, Namespaces.resolve(kind, null, namespace, false), name);
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage());
    }
    ResourceStore store = openStore(datastore);
    if (store == null) return 1;
    try (store) {
      patch(store, ref);
    } catch (RuntimeException e) {
      return fail("Hit error: " + e.getMessage());
    }
    out().println("Successfully patched 1 '" + kind.kindName() + "' resource");
    return 0;
  }

  /** Read, merge, write back at the version read (a concurrent change makes it fail, not vanish). */
  private void patch(ResourceStore store, ResourceRef ref) {
    ResourceCodec codec = ResourceCodec.get();
    Resource current;
    try {
      current = store.get(ref.kind(), ref.namespace(), ref.name()).orElseThrow(() -> new DatastoreException.NotFound(ref.id()));
    } catch (RuntimeException e) {
      throw new IllegalStateException(CalicoErrors.describe(e, ref), e);
    }
    JsonNode patchTree;
    try {
      patchTree = codec.json().readTree(patch);
    } catch (Exception e) {
      throw new IllegalStateException("permorming strategic merge patch: invalid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
    }
    if (patchTree == null || !patchTree.isObject()) {
      throw new IllegalStateException("permorming strategic merge patch: the patch must be a JSON object");
    }
    Resource next;
    try {
      next = codec.fromTree(JsonMergePatch.apply(codec.toTree(current), patchTree), "patched resource", ref.kind());
    } catch (RuntimeException e) {
      throw new IllegalStateException("creating resource from patched data: " + e.getMessage(), e);
    }
    next = next.withMetadata(next.metadata().withResourceVersion(current.metadata().resourceVersion()));
    try {
      store.update(next);
    } catch (RuntimeException e) {
      throw new IllegalStateException("updating existing resource: " + CalicoErrors.describe(e, ref), e);
    }
  }
}
