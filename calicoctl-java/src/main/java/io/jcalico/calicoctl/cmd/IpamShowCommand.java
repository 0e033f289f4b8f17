package io.jcalico.calicoctl.cmd;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.calicoctl.output.BoxTable;
import io.jcalico.ipam.Ipam;
import io.jcalico.ipam.model.AllocationAttribute;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.usage.BlockUsage;
import io.jcalico.ipam.usage.PoolUsage;
import io.jcalico.ipam.usage.UsageReport;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "show", mixinStandardHelpOptions = true,
    description = "Show details of a Calico configuration, assigned IP address, or of overall IP usage.")
public final class IpamShowCommand extends IpamSubcommand implements Callable<Integer> {
  @Option(names = "--ip", paramLabel = "<IP>", description = "Report whether this specific IP address is in use.")
  String ip;

  @Option(names = "--show-blocks", description = "Show detailed information for IP blocks as well as pools.")
  boolean showBlocks;

  @Option(names = "--show-borrowed", description = "Show detailed information for \"borrowed\" IP addresses.")
  boolean showBorrowed;

  @Option(names = "--show-configuration", description = "Show current Calico IPAM configuration.")
  boolean showConfiguration;

  @Override
  public Integer call() {
    IPAddress address = null;
    if (ip != null) {
      address = new IPAddressString(ip).getAddress();
      if (address == null || address.isPrefixed()) return fail("invalid IP address specified: " + ip);
    }
    IPAddress target = address;
    return withIpam((store, ipam) -> {
      if (target != null) showIp(ipam, target);
      else if (showConfiguration) showConfiguration(ipam.getConfig());
      else if (showBorrowed) showBorrowed(ipam);
      else showUsage(ipam.usage());
      return 0;
    });
  }

  private void showIp(Ipam ipam, IPAddress address) {
    Optional<BlockAllocation> a = ipam.getAssignmentAttributes(address);
    if (a.isEmpty()) {
      out().println(address.toCanonicalString() + " is not assigned");
      return;
    }
    out().println("IP " + address.toCanonicalString() + " is in use");
    out().println("Handle ID: " + (a.get().handleId() != null ? a.get().handleId() : "<none>"));
    Map<String, String> attrs = new TreeMap<>(a.get().attributes());
    if (attrs.isEmpty()) {
      out().println("No attributes defined");
      return;
    }
    out().println("Attributes:");
    attrs.forEach((k, v) -> out().println("  " + k + ": " + v));
  }

  private void showConfiguration(IpamConfig c) {
    out().print(BoxTable.render(List.of("PROPERTY", "VALUE"), List.of(
        List.of("StrictAffinity", Boolean.toString(c.strictAffinity())),
        List.of("AutoAllocateBlocks", Boolean.toString(c.autoAllocateBlocks())),
        List.of("MaxBlocksPerHost", Integer.toString(c.maxBlocksPerHost())))));
  }

  private void showUsage(UsageReport usage) {
    List<List<String>> rows = new ArrayList<>();
    for (PoolUsage p : usage.pools()) {
      rows.add(row("IP Pool", p.cidr(), new BigDecimal(p.total()), BigDecimal.valueOf(p.inUse())));
      if (!showBlocks) continue;
      p.blocks().stream().sorted(Comparator.comparing(BlockUsage::cidr))
          .forEach(b -> rows.add(blockRow(b)));
    }
    // Blocks in no pool (a pool deleted while in use) have no pool row, only their own.
    if (showBlocks) usage.blocksOutsidePools().stream().sorted(Comparator.comparing(BlockUsage::cidr)).forEach(b -> rows.add(blockRow(b)));
    out().print(BoxTable.render(List.of("GROUPING", "CIDR", "IPS TOTAL", "IPS IN USE", "IPS FREE"), rows));
  }

  private static List<String> blockRow(BlockUsage b) {
    return row("Block", b.cidr(), BigDecimal.valueOf(b.total()), BigDecimal.valueOf(b.inUse()));
  }

  private static List<String> row(String grouping, IPAddress cidr, BigDecimal total, BigDecimal inUse) {
    BigDecimal free = total.subtract(inUse);
    return List.of(grouping, cidr.toCanonicalString(), BoxTable.g5(total),
        BoxTable.withPercent(inUse, total), BoxTable.withPercent(free, total));
  }

  /**
   * Addresses in use for another node than the block's owner (or in a block nobody owns), one per
   * row; allocations that name no node cannot be classified and are only counted.
   */
  private void showBorrowed(Ipam ipam) {
    List<List<String>> rows = new ArrayList<>();
    int unclassified = 0;
    List<AllocationBlock> blocks = ipam.snapshot().blocks().values().stream()
        .sorted(Comparator.comparing(AllocationBlock::cidr)).toList();
    for (AllocationBlock b : blocks) {
      for (BlockAllocation a : b.allocations()) {
        String node = a.attributes().get(AllocationAttribute.NODE);
        if (node == null) unclassified++;
        if (node == null || b.host().map(node::equals).orElse(false)) continue;
        String pod = a.attributes().get(AllocationAttribute.POD);
        String type = pod != null ? "pod" : a.attributes().getOrDefault("type", "");
        String entity = pod != null ? a.attributes().getOrDefault(AllocationAttribute.NAMESPACE, "") + "/" + pod : "";
        rows.add(List.of(a.address().toCanonicalString(), node, b.cidr().toCanonicalString(),
            b.host().orElse(""), type, entity));
      }
    }
    out().print(BoxTable.render(List.of("IP", "BORROWING-NODE", "BLOCK", "BLOCK OWNER", "TYPE", "ALLOCATED-TO"), rows));
    if (unclassified > 0) {
      out().printf("%nNote: found %d IP allocations without an explicit node association. "
          + "Unable to determine if they are borrowed.%n", unclassified);
    }
  }
}
