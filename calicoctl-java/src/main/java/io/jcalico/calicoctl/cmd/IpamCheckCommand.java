package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.ipam.Leak;
import io.jcalico.ipam.check.CheckReport;
import io.jcalico.ipam.check.Finding;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check the integrity of the IPAM datastructures.")
public final class IpamCheckCommand extends IpamSubcommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, paramLabel = "<OUTPUT>",
      description = "Path to output report file (for use with ipam release --from-report).")
  Path output;

  @Option(names = "--show-all-ips", description = "Print all IPs that were checked.")
  boolean showAllIps;

  @Override
  public Integer call() {
    return withIpam((store, ipam) -> {
      out().println("Checking IPAM for inconsistencies...");
      out().println();
      CheckReport report = ipam.check();
      out().println("Found " + report.blocks() + " IPAM blocks.");
      out().println("Found " + report.affinities() + " block affinities.");
      out().println("Found " + report.handles() + " IPAM handles.");
      out().println("Found " + report.allocations() + " IP allocations.");
      // No live handle is known to calicoctl: an allocation lives when a workload endpoint names its pod.
      List<Leak> leaks = ipam.findLeaks(Set.of(), livePods(store));
      for (Leak l : leaks) {
        out().println("IP address " + l.address().toCanonicalString() + " (handle " + l.handleId()
            + ") has no corresponding workload endpoint; leaked.");
      }
      for (Finding f : report.findings()) out().println(f.kind() + " " + f.subject() + ": " + f.message());
      out().println("Found " + leaks.size() + " leaked IP addresses.");
      out().println("Check complete; found " + (report.findings().size() + leaks.size()) + " problems.");
      if (output != null) {
        new IpamReport(report.revision(), report.findings().stream().map(IpamReport.Problem::of).toList(),
            leaks.stream().map(IpamReport.LeakedIp::of).toList()).write(output);
        out().println("Report written to " + output);
      }
      return 0;
    });
  }

  /** "namespace/pod" of every workload endpoint. */
  private static Set<String> livePods(ResourceStore store) {
    Set<String> pods = new HashSet<>();
    for (Resource r : store.list(ResourceKind.WORKLOAD_ENDPOINT, null).items()) {
      JsonNode tree = ResourceCodec.get().toTree(r);
      String pod = tree.path("spec").path("pod").asText("");
      if (!pod.isEmpty()) pods.add(tree.path("metadata").path("namespace").asText("") + "/" + pod);
    }
    return pods;
  }
}
