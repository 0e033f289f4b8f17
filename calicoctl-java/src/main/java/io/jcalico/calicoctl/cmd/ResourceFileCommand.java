package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * create, apply, replace and delete: every resource from {@code -f} (or the command line, for
 * delete) is tried in order; the outcome is reported as calicoctl reports it (a success count on
 * standard output, each failure on standard error, exit status 1 if anything failed).
 */
abstract class ResourceFileCommand extends CalicoctlCommand implements Callable<Integer> {
  @Option(names = {"-f", "--filename"}, paramLabel = "<FILENAME>",
      description = "Filename to use. If set to \"-\" loads from stdin. If filename is a directory, this command is "
          + "invoked for each .json .yaml and .yml file within that directory, terminating after the first failure.")
  String filename;

  @Option(names = {"-R", "--recursive"}, description = "Process the filename specified in -f or --filename recursively.")
  boolean recursive;

  @Option(names = "--skip-empty", description = "Do not error if any files or directory specified using -f or --filename contain no data.")
  boolean skipEmpty;

  @Option(names = {"-n", "--namespace"}, paramLabel = "<NS>",
      description = "Namespace of the resource. Only applicable to NetworkPolicy and WorkloadEndpoint. Uses the default namespace if not specified.")
  String namespace;

  @Mixin DatastoreOptions datastore;

  /** What happened to the resources of one command. */
  static final class Results {
    final List<Resource> resources;
    int handled;
    final List<String> errors = new ArrayList<>();

    Results(List<Resource> resources) {
      this.resources = resources;
    }

    /** The one kind acted on, or null for several (calicoctl's SingleKind). */
    String singleKind(boolean fromCommandLine) {
      List<String> kinds = resources.stream().map(r -> r.kind().kindName()).distinct().toList();
      return kinds.size() == 1 || fromCommandLine ? resources.get(resources.size() - 1).kind().kindName() : null;
    }
  }

  /** The resources from the command line when there is no {@code -f}; null: {@code -f} is required. */
  List<Resource> resourcesFromArgs() {
    return null;
  }

  /** Does the verb to one resource (its namespace already resolved). */
  abstract void act(ResourceStore store, Resource r);

  /** Prints the outcome; the exit status. */
  abstract int report(Results results, boolean fromCommandLine);

  @Override
  public Integer call() {
    List<Resource> resources;
    boolean fromCommandLine = filename == null;
    try {
      resources = fromCommandLine ? resourcesFromArgs() : ResourceFiles.load(filename, recursive, skipEmpty, System.in);
    } catch (ResourceFiles.Invalid e) {
      return fail("Failed to execute command: " + e.getMessage());
    } catch (ResourceFiles.Empty | IllegalArgumentException e) {
      return fail(e.getMessage());
    }
    if (resources == null) return usageError();
    if (resources.isEmpty()) {
      out().println("No resources specified");
      return 0;
    }
    Results results = new Results(resources);
    ResourceStore store = openStore(datastore);
    if (store == null) return 1;
    try (store) {
      for (Resource r : resources) {
        ResourceRef ref = ResourceRef.of(r);
        try {
          String ns = Namespaces.resolve(r.kind(), r.namespace(), namespace, false);
          ref = new ResourceRef(r.kind(), ns, r.name());
          act(store, ns == null ? r : r.withMetadata(r.metadata().withNamespace(ns)));
          results.handled++;
        } catch (DatastoreException.Unavailable e) {
          results.errors.add(e.getMessage());
          break; // the rest would fail the same way, each after a timeout
        } catch (RuntimeException e) {
          results.errors.add(CalicoErrors.describe(e, ref));
        }
      }
    }
    return report(results, fromCommandLine);
  }

  /** calicoctl's report for apply and create (replace differs in wording, delete in shape). */
  int reportCreateOrApply(Results r, boolean fromCommandLine, String verb, String past, String hitError) {
    String kind = r.singleKind(fromCommandLine);
    int total = r.resources.size();
    if (r.handled == 0) {
      return fail(total == 1 ? "Failed to " + verb + " '" + kind + "' resource: " + CalicoErrors.list(r.errors)
          : kind != null ? "Failed to " + verb + " any '" + kind + "' resources: " + CalicoErrors.list(r.errors)
          : "Failed to " + verb + " any resources: " + CalicoErrors.list(r.errors));
    }
    if (r.errors.isEmpty()) {
      out().println("Successfully " + past + " " + r.handled + " " + (kind != null ? "'" + kind + "' " : "") + "resource(s)");
      return 0;
    }
    out().println("Partial success: " + past + " the first " + r.handled + " out of " + total + " "
        + (kind != null ? "'" + kind + "' " : "") + "resources:");
    return fail(hitError + CalicoErrors.list(r.errors));
  }
}
