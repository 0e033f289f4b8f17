package io.jcalico.felix.dataplane;

import java.time.Duration;

/**
 * How the node enforces policy.
 *
 * @param backend iptables (with ipsets) or nftables
 * @param netns the network namespace (a name under /run/netns) whose tables to program; null
 *     for the daemon's own
 * @param ipsetResync how often IP sets are read back (Felix: 90 s)
 * @param tableResync how often the iptables/nftables tables are read back (Felix: 180 s)
 * @param retryDelay how soon a failed apply is retried
 * @param implicitNamespaceProfiles treat a missing {@code kns.<ns>} profile as the allow-all
 *     profile Calico's controllers create for every namespace
 */
public record PolicyDataplaneConfig(
    Backend backend,
    String netns,
    Duration ipsetResync,
    Duration tableResync,
    Duration retryDelay,
    boolean implicitNamespaceProfiles) {

  public enum Backend { IPTABLES, NFTABLES }

  public static final PolicyDataplaneConfig DEFAULT = new PolicyDataplaneConfig(
      Backend.IPTABLES, null, Duration.ofSeconds(90), Duration.ofSeconds(180), Duration.ofSeconds(1), true);

  public PolicyDataplaneConfig withBackend(Backend b) {
    return new PolicyDataplaneConfig(b, netns, ipsetResync, tableResync, retryDelay, implicitNamespaceProfiles);
  }

  public PolicyDataplaneConfig withNetns(String ns) {
    return new PolicyDataplaneConfig(backend, ns, ipsetResync, tableResync, retryDelay, implicitNamespaceProfiles);
  }

  public PolicyDataplaneConfig withResync(Duration ipsets, Duration tables) {
    return new PolicyDataplaneConfig(backend, netns, ipsets, tables, retryDelay, implicitNamespaceProfiles);
  }

  public PolicyDataplaneConfig withRetryDelay(Duration d) {
    return new PolicyDataplaneConfig(backend, netns, ipsetResync, tableResync, d, implicitNamespaceProfiles);
  }
}
