package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.base.Suppliers;
import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.calicoctl.output.GoDocuments;
import io.jcalico.calicoctl.output.GoJson;
import io.jcalico.calicoctl.output.GoYaml;
import io.jcalico.calicoctl.output.Tables;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceList;
import io.jcalico.datastore.store.ResourceStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Display one or many resources identified by file, stdin or resource type and name.",
    footer = {"%nExamples:", "  # List all policy in default output format.", "  calicoctl get policy", "",
        "  # List specific policies in YAML format", "  calicoctl get -o yaml policy my-policy-1 my-policy-2", "",
        "Output formats:",
        "  ps                    Display the results in ps-style output.",
        "  wide                  As per the ps option, but includes more headings.",
        "  custom-columns        As per the ps option, but only display the columns",
        "                        that are requested in the comma-separated list.",
        "  yaml                  Display the results in YAML output format.",
        "  json                  Display the results in JSON output format.",
        "",
        "The data output using YAML or JSON format is always valid to use as input to all of the resource",
        "management commands (create, apply, replace, delete, get)."})
public final class GetCommand extends CalicoctlCommand implements Callable<Integer> {
  @Parameters(arity = "0..*", paramLabel = "<KIND> [<NAME>...]", completionCandidates = KindNames.Candidates.class,
      description = "The resource type (case-insensitive, may be pluralized), then names (default: all).")
  List<String> args;

  @Option(names = {"-f", "--filename"}, paramLabel = "<FILENAME>",
      description = "Filename to use to get the resource. If set to \"-\" loads from stdin.")
  String filename;

  @Option(names = {"-R", "--recursive"}, description = "Process the filename specified in -f or --filename recursively.")
  boolean recursive;

  @Option(names = "--skip-empty", description = "Do not error if any files or directory specified using -f or --filename contain no data.")
  boolean skipEmpty;

  @Option(names = {"-o", "--output"}, defaultValue = "ps", paramLabel = "<OUTPUT FORMAT>",
      description = "Output format. One of: yaml, json, ps, wide, custom-columns=... [Default: ps]")
  String output;

  @Option(names = {"-n", "--namespace"}, paramLabel = "<NS>",
      description = "Namespace of the resource. Only applicable to NetworkPolicy and WorkloadEndpoint. Uses the default namespace if not specified.")
  String namespace;

  @Option(names = {"-A", "--all-namespaces", "-a"}, description = "If present, list the requested object(s) across all namespaces.")
  boolean allNamespaces;

  @Option(names = "--export", description = "If present, returns the requested object(s) stripped of cluster-specific "
      + "information. This flag will be ignored if <NAME> is not specified.")
  boolean export;

  @Mixin DatastoreOptions datastore;

  /** What one get or list returned: a single resource or a list, as calicoctl prints them. */
  private record Found(ResourceKind kind, JsonNode document, List<JsonNode> rows) {}

  private enum Format { PS, WIDE, YAML, JSON, CUSTOM }

  @Override
  public Integer call() {
    Format format = format();
    if (format == null) {
      return fail(output.startsWith("custom-columns") ? "need to specify at least one column"
          : "unrecognized output format '" + output + "'");
    }
    List<Resource> targets;
    try {
      targets = filename != null ? ResourceFiles.load(filename, recursive, skipEmpty, System.in) : targetsFromArgs();
    } catch (ResourceFiles.Invalid e) {
      return fail("Failed to execute command: " + e.getMessage());
    } catch (ResourceFiles.Empty e) {
      return fail("Failed to get resources: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return fail("Failed to get resources: " + e.getMessage());
    }
    if (targets == null) return usageError();
    ResourceStore store = openStore(datastore);
    if (store == null) return 1;
    List<Found> found = new ArrayList<>();
    List<String> errors = new ArrayList<>();
    try (store) {
      for (Resource t : targets) {
        ResourceRef ref = ResourceRef.of(t);
        try {
          String ns = Namespaces.resolve(t.kind(), t.namespace(), namespace, allNamespaces);
          ref = new ResourceRef(t.kind(), ns, t.name());
          found.add(getOrList(store, ref));
        } catch (RuntimeException e) {
          errors.add(CalicoErrors.describe(e, ref));
          if (e instanceof DatastoreException.Unavailable) break;
        }
      }
      print(format, found, globalAsn(store));
    } catch (IllegalArgumentException e) {
      return fail(e.getMessage()); // an unknown custom column
    }
    return errors.isEmpty() ? 0 : fail(String.join("\n", errors));
  }

  private Format format() {
    return switch (output) {
      case "ps" -> Format.PS;
      case "wide" -> Format.WIDE;
      case "yaml", "yml" -> Format.YAML;
      case "json" -> Format.JSON;
      default -> output.startsWith("custom-columns=") && output.length() > "custom-columns=".length() ? Format.CUSTOM : null;
    };
  }

  private List<Resource> targetsFromArgs() {
    if (args == null || args.isEmpty()) return null;
    ResourceKind kind = KindNames.require(args.get(0));
    List<String> names = args.size() > 1 ? args.subList(1, args.size()) : List.of("");
    if (args.size() > 1 && names.contains("")) throw new IllegalArgumentException("resource name may not be empty");
    List<Resource> out = new ArrayList<>();
    for (String n : names) out.add(Resources.named(kind, null, n));
    return out;
  }

  private Found getOrList(ResourceStore store, ResourceRef ref) {
    ResourceCodec codec = ResourceCodec.get();
    if (ref.name() != null && !ref.name().isEmpty()) {
      if (ref.kind().namespaced() && ref.namespace() == null) {
        throw new IllegalArgumentException("cannot use --all-namespace flag for getting a single resource");
      }
      Optional<Resource> r = store.get(ref.kind(), ref.namespace(), ref.name());
      if (r.isEmpty()) throw new DatastoreException.NotFound(ref.id());
      ObjectNode tree = GoDocuments.resource(codec.toTree(r.get()));
      if (export) stripClusterData(tree);
      return new Found(ref.kind(), tree, List.of(tree));
    }
    ResourceList list = store.list(ref.kind(), ref.namespace());
    List<JsonNode> items = list.items().stream().<JsonNode>map(codec::toTree).toList();
    ObjectNode doc = GoDocuments.list(ref.kind().listKindName(), ref.kind().apiVersion(), Long.toString(list.revision()), items);
    List<JsonNode> rows = new ArrayList<>();
    doc.get("items").forEach(rows::add);
    return new Found(ref.kind(), doc, rows);
  }

  private static void stripClusterData(ObjectNode tree) {
    JsonNode meta = tree.get("metadata");
    if (meta instanceof ObjectNode m) m.remove(List.of("namespace", "uid", "resourceVersion", "creationTimestamp"));
  }

  private void print(Format format, List<Found> found, Supplier<String> globalAsn) {
    List<JsonNode> docs = found.stream().map(Found::document).toList();
    switch (format) {
      case YAML -> out().print(GoYaml.write(docs.size() == 1 ? docs.get(0) : GoDocuments.sequence(docs)));
      case JSON -> out().println(docs.isEmpty() ? "null" : GoJson.write(docs.size() == 1 ? docs.get(0) : GoDocuments.sequence(docs)));
      default -> {
        for (Found f : found) {
          List<String> headings = format == Format.CUSTOM
              ? Arrays.asList(output.substring("custom-columns=".length()).split(","))
              : Tables.headings(f.kind(), format == Format.WIDE, allNamespaces || (namespace != null && !namespace.isEmpty()));
          out().print(Tables.render(f.kind(), headings, f.rows(), globalAsn));
          out().println(); // calicoctl leaves a blank line after each table
        }
      }
    }
  }

  /** calicoctl's {@code {{config "asnumber"}}}: BGPConfiguration default's AS number, else 64512. */
  private static Supplier<String> globalAsn(ResourceStore store) {
    return Suppliers.memoize(() -> {
      try {
        return store.get(ResourceKind.BGP_CONFIGURATION, null, "default")
            .map(r -> ResourceCodec.get().toTree(r).path("spec").path("asNumber"))
            .filter(n -> !n.isMissingNode() && !n.isNull()).map(JsonNode::asText).orElse("64512");
      } catch (RuntimeException e) {
        return "unknown";
      }
    });
  }
}
