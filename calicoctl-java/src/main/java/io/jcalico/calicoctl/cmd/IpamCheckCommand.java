package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.ipam.Leak;
import io.jcalico.ipam.check.CheckReport;
import io.jcalico.ipam.check.Finding;
import io.jcalico.ipam.usage.PoolUsage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true,
    description = "Check the integrity of the IPAM datastructures.")
public final class IpamCheckCommand extends IpamSubcommand implements Callable<Integer> {
  @Option(names = {"-o", "--output"}, paramLabel = "<OUTPUT>",
      description = "Path to output report file (for use with ipam release --from-report).")
  Path output;

  @Option(names = "--show-problem-ips", description = "Print all IPs that are leaked or not allocated properly.")
  boolean showProblemIps;

  @Override
  public Integer call() {
    return withIpam((store, ipam) -> {
      out().println("Checking IPAM for inconsistencies...");
      out().println();
      out().println("Loading all IPAM blocks...");
      CheckReport report = ipam.check();
      out().println("Found " + report.blocks() + " IPAM blocks.");
      out().println("IPAM blocks record " + report.allocations() + " allocations.");
      out().println();
      out().println("Loading all IPAM pools...");
      List<PoolUsage> pools = ipam.usage().pools();
      pools.forEach(p -> out().println("  " + p.cidr().toCanonicalString()));
      out().println("Found " + pools.size() + " active IP pools.");
      out().println();
      out().println("Loading all workload endpoints.");
      Workloads workloads = workloads(store);
      out().println("Found " + workloads.ips() + " workload IPs.");
      out().println();
      out().println("Scanning for IPs that are allocated but not actually in use...");
      // calicoctl knows no live handle: an allocation lives when a workload endpoint names its pod.
      List<Leak> leaks = ipam.findLeaks(Set.of(), workloads.pods());
      if (showProblemIps) {
        for (Leak l : leaks) {
          out().println("  " + l.address().toCanonicalString() + " leaked; attrs handle=\"" + l.handleId() + "\" secondary="
              + new TreeMap<>(l.allocation().attributes()));
        }
      }
      out().println("Found " + leaks.size() + " IPs that are allocated in IPAM but not actually in use.");
      out().println();
      out().println("Scanning IPAM data for inconsistencies...");
      for (Finding f : report.findings()) out().println("  " + f.kind() + " " + f.subject() + ": " + f.message());
      out().println("Found " + report.findings().size() + " inconsistencies in the IPAM data.");
      out().println("Check complete; found " + (report.findings().size() + leaks.size()) + " problems.");
      if (output != null) {
        new IpamReport(report.revision(), report.findings().stream().map(IpamReport.Problem::of).toList(),
            leaks.stream().map(IpamReport.LeakedIp::of).toList()).write(output);
        out().println("Report written to " + output);
      }
      return 0;
    });
  }

  private record Workloads(Set<String> pods, int ips) {}

  /** "namespace/pod" of every workload endpoint, and how many addresses they use. */
  private static Workloads workloads(ResourceStore store) {
    Set<String> pods = new HashSet<>();
    int ips = 0;
    for (Resource r : store.list(ResourceKind.WORKLOAD_ENDPOINT, null).items()) {
      JsonNode tree = ResourceCodec.get().toTree(r);
      String pod = tree.path("spec").path("pod").asText("");
      if (!pod.isEmpty()) pods.add(tree.path("metadata").path("namespace").asText("") + "/" + pod);
      ips += tree.path("spec").path("ipNetworks").size();
    }
    return new Workloads(pods, ips);
  }
}
