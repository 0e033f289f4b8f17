package io.jcalico.ipam.model;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.selector.Selector;
import io.jcalico.datastore.selector.SelectorParseException;
import java.util.Map;
import java.util.Set;

/**
 * What IPAM needs of an IP pool: its CIDR, block size (IPv4 20..32, IPv6 116..128), whether it is
 * disabled, which nodes may use it and for what ({@code Workload}, {@code Tunnel},
 * {@code LoadBalancer}; empty means Workload and Tunnel, as Calico).
 */
public record PoolSpec(IPAddress cidr, int blockSize, boolean disabled, String nodeSelector, Set<String> allowedUses) {
  public static final String USE_WORKLOAD = "Workload";
  public static final String USE_TUNNEL = "Tunnel";

  public PoolSpec {
    cidr = cidr.toPrefixBlock();
    int min = cidr.isIPv4() ? 20 : 116;
    int max = cidr.getBitCount();
    if (blockSize < min || blockSize > max) {
      throw new IllegalArgumentException("block size /" + blockSize + " of pool " + BlockCidrs.format(cidr)
          + " is outside " + min + ".." + max);
    }
    if (blockSize < cidr.getNetworkPrefixLength()) {
      throw new IllegalArgumentException("block size /" + blockSize + " is larger than pool " + BlockCidrs.format(cidr));
    }
    allowedUses = allowedUses == null || allowedUses.isEmpty() ? Set.of(USE_WORKLOAD, USE_TUNNEL) : Set.copyOf(allowedUses);
  }

  /** An enabled pool for every node with Calico's default block size (/26, /122). */
  public static PoolSpec of(String cidr) {
    IPAddress a = new IPAddressString(cidr).getAddress();
    return new PoolSpec(a, a.isIPv4() ? 26 : 122, false, "all()", Set.of());
  }

  public static PoolSpec of(String cidr, int blockSize) {
    return new PoolSpec(new IPAddressString(cidr).getAddress(), blockSize, false, "all()", Set.of());
  }

  public PoolSpec withDisabled(boolean d) {
    return new PoolSpec(cidr, blockSize, d, nodeSelector, allowedUses);
  }

  public PoolSpec withNodeSelector(String s) {
    return new PoolSpec(cidr, blockSize, disabled, s, allowedUses);
  }

  public int ipVersion() {
    return cidr.isIPv4() ? 4 : 6;
  }

  public boolean contains(IPAddress address) {
    return cidr.contains(address.withoutPrefixLength());
  }

  /**
   * Whether a node with these labels may take blocks from this pool (empty selector: all nodes).
   * A selector that does not parse selects no node: validation should have refused it.
   */
  public boolean selectsNode(Map<String, String> nodeLabels) {
    try {
      return Selector.parse(nodeSelector == null || nodeSelector.isBlank() ? null : nodeSelector).evaluate(nodeLabels);
    } catch (SelectorParseException e) {
      return false;
    }
  }
}
