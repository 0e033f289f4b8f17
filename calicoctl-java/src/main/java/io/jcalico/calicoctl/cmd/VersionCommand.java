package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "version", mixinStandardHelpOptions = true, description = "Display the version of this binary and of the cluster.")
public final class VersionCommand extends CalicoctlCommand implements Callable<Integer> {
  public static final String VERSION;
  public static final String GIT_REVISION;

  static {
    Properties p = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("/calicoctl-version.properties")) {
      if (in != null) p.load(in);
    } catch (IOException e) {
      // a build without the file reports "unknown"
    }
    VERSION = p.getProperty("version", "unknown");
    GIT_REVISION = p.getProperty("git.commit", "unknown");
  }

  @Mixin DatastoreOptions datastore;

  @Override
  public Integer call() {
    out().println("Client Version:    " + VERSION);
    out().println("Git commit:        " + GIT_REVISION);
    ResourceStore store;
    try {
      store = datastore.open();
    } catch (RuntimeException e) {
      return fail(e.getMessage());
    }
    try (store) {
      var tree = store.get(ResourceKind.CLUSTER_INFORMATION, null, "default")
          .map(r -> ResourceCodec.get().toTree(r).path("spec"))
          .orElseThrow(() -> new DatastoreException.NotFound("ClusterInformation(default)"));
      out().println("Cluster Version:   " + orUnknown(tree.path("calicoVersion").asText("")));
      out().println("Cluster Type:      " + orUnknown(tree.path("clusterType").asText("")));
      return 0;
    } catch (RuntimeException e) {
      return fail("Unable to retrieve Cluster Version or Type: "
          + CalicoErrors.describe(e, new ResourceRef(ResourceKind.CLUSTER_INFORMATION, null, "default")));
    }
  }

  private static String orUnknown(String s) {
    return s.isEmpty() ? "unknown" : s;
  }
}
