package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * create/apply/replace/delete with {@code -f file|-}: every document is tried, each failure is
 * reported with its resource, and the summary says what succeeded. Exit 1 if anything failed.
 */
abstract class ResourceFileCommand implements Callable<Integer> {
  @Option(names = {"-f", "--filename"}, paramLabel = "<filename>",
      description = "Filename to use (YAML or JSON, several documents allowed); '-' reads standard input.")
  String filename;

  @Mixin DatastoreOptions datastore;

  @Spec CommandSpec spec;

  /** "applied", "created", ... */
  abstract String verbPast();

  /** "apply", "create", ... */
  abstract String verb();

  /** Does the work for one resource; returns false when it was skipped (e.g. --skip-exists). */
  abstract boolean act(ResourceStore store, Resource r);

  /** The command without {@code -f}: an error unless the subclass takes positional arguments. */
  Integer callWithoutFile() {
    spec.commandLine().getErr().println("Missing required option: '--filename=<filename>'");
    spec.commandLine().usage(spec.commandLine().getErr());
    return 2;
  }

  @Override
  public Integer call() {
    if (filename == null) return callWithoutFile();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Resource> resources;
    try {
      resources = ResourceCodec.get().parseAll(read(filename));
    } catch (IOException e) {
      err.println("Failed to read " + filename + ": " + e.getMessage());
      return 1;
    } catch (RuntimeException e) {
      err.println("Failed to execute command: " + e.getMessage());
      return 1;
    }
    if (resources.isEmpty()) {
      err.println("Failed to execute command: no resources specified in file");
      return 1;
    }
    int ok = 0;
    int failed = 0;
    try (ResourceStore store = datastore.open()) {
      for (Resource r : resources) {
        try {
          if (act(store, r)) ok++;
        } catch (DatastoreException.Unavailable e) {
          err.println("Failed to " + verb() + " '" + r.kind().kindName() + "' resource '" + r.name() + "': " + e.getMessage());
          err.println("Stopping: the datastore is unreachable; " + ok + " resource(s) " + verbPast() + " before that.");
          return 1;
        } catch (RuntimeException e) {
          failed++;
          err.println("Failed to " + verb() + " '" + r.kind().kindName() + "' resource '" + r.name() + "': " + e.getMessage());
        }
      }
    }
    String kinds = resources.stream().map(r -> r.kind().kindName()).distinct().count() == 1
        ? "'" + resources.get(0).kind().kindName() + "' " : "";
    if (failed == 0) {
      out.println("Successfully " + verbPast() + " " + ok + " " + kinds + "resource(s)");
      return 0;
    }
    out.println("Partial success: " + verbPast() + " " + ok + " out of " + resources.size() + " " + kinds
        + "resource(s); " + failed + " failed (see above)");
    return 1;
  }

  static String read(String filename) throws IOException {
    if (filename.equals("-")) return new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
    return Files.readString(Path.of(filename));
  }
}
