package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Display the version of this binary and of the cluster.")
public final class VersionCommand implements Callable<Integer> {
  public static final String VERSION = "v0.1.0";

  @Mixin DatastoreOptions datastore;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.println("Client Version:    " + VERSION);
    try (ResourceStore store = datastore.open()) {
      var info = store.get(ResourceKind.CLUSTER_INFORMATION, null, "default")
          .map(r -> ResourceCodec.get().toTree(r).path("spec"));
      out.println("Cluster Version:   " + info.map(s -> s.path("calicoVersion").asText("unknown")).orElse("unknown"));
      out.println("Cluster Type:      " + info.map(s -> s.path("clusterType").asText("unknown")).orElse("unknown"));
      return 0;
    } catch (RuntimeException e) {
      spec.commandLine().getErr().println("Unable to retrieve Cluster Version or Type: " + e.getMessage());
      return 1;
    }
  }
}
