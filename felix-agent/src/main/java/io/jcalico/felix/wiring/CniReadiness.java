package io.jcalico.felix.wiring;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.cni.CalicoCniHandler;
import io.jcalico.felix.cni.NetConf;
import io.jcalico.ipam.HostLabels;
import io.jcalico.ipam.ResourcePoolSource;
import io.jcalico.ipam.model.PoolSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CNI STATUS (spec 1.1): whether this node can serve an ADD of a network config now. Ready
 * when the daemon itself is ({@code daemon}: started, policy programmed), the datastore answers,
 * and IPAM can allocate: for each family the config's {@code ipam} asks for, an enabled pool for
 * workloads (among the pools it names, by name or CIDR, if it names any) selects this node.
 *
 * <p>Every STATUS reads the pools afresh: one etcd round trip, which is also the reachability
 * probe (a runtime asks every few seconds). Full pools are not detected: that needs the blocks
 * of every pool, and an ADD reports it anyway.
 */
public final class CniReadiness implements CalicoCniHandler.Readiness {
  private final String node;
  private final ResourceStore store;
  private final HostLabels labels;
  private final CalicoCniHandler.Readiness daemon;

  public CniReadiness(String node, ResourceStore store, HostLabels labels, CalicoCniHandler.Readiness daemon) {
    this.node = node;
    this.store = store;
    this.labels = labels;
    this.daemon = daemon;
  }

  @Override
  public Optional<String> notReadyReason(NetConf conf) {
    Optional<String> notReady = daemon.notReadyReason(conf);
    if (notReady.isPresent()) {
      return notReady;
    }
    List<IPPool> pools;
    Map<String, String> nodeLabels;
    try {
      pools = store.list(ResourceKind.IP_POOL, null).items().stream().map(IPPool.class::cast).toList();
      nodeLabels = labels.labels(node);
    } catch (RuntimeException e) {
      // the labels come through a cache, which wraps what its loader threw
      Throwable cause = e instanceof DatastoreException ? e : e.getCause();
      if (!(cause instanceof DatastoreException)) {
        throw e;
      }
      return Optional.of("the datastore is unreachable: " + cause.getMessage());
    }
    List<String> problems = new ArrayList<>();
    NetConf.Ipam ipam = conf.ipam();
    if (ipam.assignIpv4()) {
      ipamProblem(4, ipam.ipv4Pools(), pools, nodeLabels).ifPresent(problems::add);
    }
    if (ipam.assignIpv6()) {
      ipamProblem(6, ipam.ipv6Pools(), pools, nodeLabels).ifPresent(problems::add);
    }
    return problems.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", problems));
  }

  /**
   * Why IPAM cannot allocate an address of {@code family} on a node with {@code nodeLabels}, or
   * empty when it can.
   *
   * @param named the config's {@code ipv4_pools}/{@code ipv6_pools}: pool names or CIDRs; empty for all
   */
  static Optional<String> ipamProblem(int family, List<String> named, List<IPPool> pools, Map<String, String> nodeLabels) {
    for (IPPool pool : pools) {
      PoolSpec spec;
      try {
        spec = ResourcePoolSource.toSpec(pool.spec());
      } catch (RuntimeException e) {
        continue; // unusable for IPAM, as IPAM itself skips it
      }
      if (spec.ipVersion() == family && !spec.disabled() && spec.allowedUses().contains(PoolSpec.USE_WORKLOAD)
          && spec.selectsNode(nodeLabels) && (named.isEmpty() || isNamed(named, pool.name(), spec.cidr()))) {
        return Optional.empty();
      }
    }
    return Optional.of("no enabled IPv" + family + " pool for workloads selects this node"
        + (named.isEmpty() ? "" : " among " + named));
  }

  private static boolean isNamed(List<String> named, String name, IPAddress cidr) {
    for (String n : named) {
      IPAddress asCidr = new IPAddressString(n).getAddress();
      if (n.equals(name) || (asCidr != null && asCidr.toPrefixBlock().equals(cidr))) {
        return true;
      }
    }
    return false;
  }
}
