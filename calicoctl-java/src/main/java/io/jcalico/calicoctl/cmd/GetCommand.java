package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.calicoctl.output.Column;
import io.jcalico.calicoctl.output.Tables;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceList;
import io.jcalico.datastore.store.ResourceStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "get", mixinStandardHelpOptions = true,
    description = "Display one or many resources: calicoctl get <kind> [<name>...] [-o ps|wide|yaml|json|custom-columns=A,B]")
public final class GetCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "<KIND>", description = "Resource type (e.g. bgppeers, ippools, nodes).")
  String kindName;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "<NAME>", description = "Names (default: all).")
  List<String> names;

  @Option(names = {"-o", "--output"}, defaultValue = "ps", paramLabel = "<output>",
      description = "Output format: ps, wide, yaml, json, custom-columns=<COL1>,<COL2>... [default: ${DEFAULT-VALUE}]")
  String output;

  @Option(names = {"-n", "--namespace"}, description = "Namespace (namespaced kinds). [default: default]")
  String namespace;

  @Option(names = {"-A", "--all-namespaces"}, description = "All namespaces.")
  boolean allNamespaces;

  @Mixin DatastoreOptions datastore;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ResourceKind kind;
    try {
      kind = KindNames.require(kindName);
    } catch (IllegalArgumentException e) {
      spec.commandLine().getErr().println("Failed to execute command: " + e.getMessage());
      return 1;
    }
    String ns = !kind.namespaced() || allNamespaces ? null : namespace == null ? "default" : namespace;
    List<Resource> found = new ArrayList<>();
    long revision;
    String defaultAsn = null;
    boolean missing = false;
    try (ResourceStore store = datastore.open()) {
      ResourceList all = store.list(kind, ns);
      revision = all.revision();
      if (names == null || names.isEmpty()) {
        found.addAll(all.items());
      } else {
        for (String name : names) {
          Optional<Resource> r = all.items().stream().filter(x -> name.equals(x.name())).findFirst();
          if (r.isPresent()) {
            found.add(r.get());
          } else {
            missing = true;
            spec.commandLine().getErr().println("Failed to get resources: resource does not exist: "
                + kind.kindName() + "(" + (ns == null ? "" : ns + "/") + name + ")");
          }
        }
      }
      if (kind == ResourceKind.NODE && output.equals("wide")) defaultAsn = globalAsn(store);
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("Failed to get resources: " + e.getMessage());
      return 1;
    }
    ResourceCodec codec = ResourceCodec.get();
    boolean single = names != null && names.size() == 1 && found.size() == 1;
    JsonNode doc = single ? codec.toTree(found.get(0)) : codec.toTree(found, kind, Long.toString(revision));
    switch (output) {
      case "yaml" -> spec.commandLine().getOut().print(codec.toYaml(doc));
      case "json" -> spec.commandLine().getOut().println(codec.toJson(doc));
      case "ps", "wide" -> printTable(Tables.columns(kind, output.equals("wide"), allNamespaces, defaultAsn), found);
      default -> {
        if (!output.startsWith("custom-columns=")) {
          spec.commandLine().getErr().println("Failed to execute command: unrecognized output format '" + output + "'");
          return 1;
        }
        try {
          printTable(Tables.custom(kind, Arrays.asList(output.substring("custom-columns=".length()).split(","))), found);
        } catch (IllegalArgumentException e) {
          spec.commandLine().getErr().println("Failed to execute command: " + e.getMessage());
          return 1;
        }
      }
    }
    return missing ? 1 : 0;
  }

  private void printTable(List<Column> cols, List<Resource> rs) {
    ResourceCodec codec = ResourceCodec.get();
    List<JsonNode> rows = rs.stream().<JsonNode>map(codec::toTree).toList();
    spec.commandLine().getOut().print(Tables.render(cols, rows));
  }

  /** The cluster AS number from BGPConfiguration "default", or Calico's 64512. */
  private static String globalAsn(ResourceStore store) {
    return store.get(ResourceKind.BGP_CONFIGURATION, null, "default")
        .map(r -> ResourceCodec.get().toTree(r).path("spec").path("asNumber").asText(""))
        .filter(s -> !s.isEmpty()).orElse("64512");
  }
}
