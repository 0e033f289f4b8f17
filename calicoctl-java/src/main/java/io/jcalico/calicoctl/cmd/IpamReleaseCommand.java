package io.jcalico.calicoctl.cmd;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.IpamException;
import io.jcalico.ipam.model.ReleaseRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "release", mixinStandardHelpOptions = true,
    description = {"Release a Calico assigned IP address, or the leaked addresses of an ipam check report.",
        "Releasing an in-use IP address can result in it being assigned to multiple workloads."})
public final class IpamReleaseCommand extends IpamSubcommand implements Callable<Integer> {
  static final class Target {
    @Option(names = "--ip", paramLabel = "<IP>", required = true, description = "IP address to release.")
    String ip;

    @Option(names = "--from-report", paramLabel = "<REPORT>", required = true,
        description = "Release the leaked addresses of a report produced by 'calicoctl ipam check -o'.")
    Path report;
  }

  @ArgGroup(exclusive = true, multiplicity = "1") Target target;

  @Override
  public Integer call() {
    return target.ip != null ? releaseIp() : releaseFromReport();
  }

  private int releaseIp() {
    IPAddress address = new IPAddressString(target.ip).getAddress();
    if (address == null || address.isPrefixed()) return fail("invalid IP address specified: " + target.ip);
    return withIpam((store, ipam) -> {
      Ipam.ReleaseResult r = ipam.releaseIps(List.of(ReleaseRequest.of(address)));
      if (r.released().isEmpty()) return fail("IP address " + address.toCanonicalString() + " is not assigned");
      out().println("Successfully released IP address " + address.toCanonicalString());
      return 0;
    });
  }

  /** Each leaked address only if it still has the handle and sequence number the report saw. */
  private int releaseFromReport() {
    IpamReport report;
    try {
      report = IpamReport.read(target.report);
    } catch (java.io.IOException e) {
      return fail("Failed to read report " + target.report + ": " + e.getMessage());
    }
    if (report.leakedIps().isEmpty()) {
      out().println("Report didn't contain any leaked IPs to clean up.");
      return 0;
    }
    return withIpam((store, ipam) -> {
      out().println("Releasing " + report.leakedIps().size() + " old IPs...");
      int released = 0;
      int gone = 0;
      for (IpamReport.LeakedIp l : report.leakedIps()) {
        IPAddress address = new IPAddressString(l.ip()).getAddress();
        try {
          if (ipam.releaseIps(List.of(new ReleaseRequest(address, l.handle(), l.sequenceNumber()))).released().isEmpty()) {
            gone++;
          } else {
            released++;
          }
        } catch (IpamException.StaleRelease e) {
          out().println("Skipping IP " + l.ip() + ": assigned again since the report was made");
        }
      }
      out().println("Released " + released + " IPs successfully");
      if (gone > 0) out().println(gone + " addresses marked as leaked in the report had already been cleaned up.");
      return 0;
    });
  }
}
