package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.EncapMode;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.IPPoolSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** IPPool rules, as Calico's client and validator apply them on create and update. */
final class PoolRules {

  private static final Prefix V4_LINK_LOCAL = Addresses.prefix("169.254.0.0/16", false).orElseThrow();
  private static final Prefix V6_LINK_LOCAL = Addresses.prefix("fe80::/10", false).orElseThrow();
  private static final List<String> MODES = Arrays.stream(EncapMode.values()).map(EncapMode::value).toList();

  private PoolRules() {}

  static void check(Checks c, IPPool pool) {
    IPPoolSpec s = pool.spec();
    if (c.missing("spec", s)) return;
    c.oneOf("spec.ipipMode", s.ipipMode(), MODES);
    c.oneOf("spec.vxlanMode", s.vxlanMode(), MODES);
    c.oneOf("spec.assignmentMode", s.assignmentMode(), IPPoolSpec.ASSIGNMENT_MODES);
    Selectors.check(c, "spec.nodeSelector", s.nodeSelector());
    Selectors.check(c, "spec.namespaceSelector", s.namespaceSelector());
    boolean loadBalancer = allowedUses(c, s);
    boolean ipip = enabled(s.ipipMode());
    boolean vxlan = enabled(s.vxlanMode());
    if (ipip && vxlan) {
      c.add("spec.vxlanMode", q(s.vxlanMode()) + " cannot be combined with spec.ipipMode " + q(s.ipipMode())
          + ": enable at most one encapsulation");
    }
    if (loadBalancer && (ipip || vxlan)) {
      c.add(ipip ? "spec.ipipMode" : "spec.vxlanMode", "must be Never on a LoadBalancer pool");
    }
    if (loadBalancer && s.nodeSelector() != null && !s.nodeSelector().equals("all()")) {
      c.add("spec.nodeSelector", q(s.nodeSelector()) + " must be all() on a LoadBalancer pool");
    }

    if (s.cidr() == null || s.cidr().isEmpty()) {
      c.add("spec.cidr", "is required");
      return;
    }
    Optional<Prefix> parsed = Addresses.prefix(s.cidr(), false);
    if (parsed.isEmpty()) {
      c.add("spec.cidr", q(s.cidr()) + " is not a valid CIDR");
      return;
    }
    Prefix cidr = parsed.get();
    if (!cidr.isStrictlyMasked()) {
      c.add("spec.cidr", q(s.cidr()) + " is not strictly masked: host bits are set (the network is "
          + cidr.canonicalNetwork() + ")");
    }
    if (cidr.overlaps(cidr.isIPv4() ? V4_LINK_LOCAL : V6_LINK_LOCAL)) {
      c.add("spec.cidr", q(s.cidr()) + " overlaps the " + (cidr.isIPv4() ? "IPv4" : "IPv6") + " link-local range "
          + (cidr.isIPv4() ? "169.254.0.0/16" : "fe80::/10"));
    }
    if (!cidr.isIPv4() && ipip) {
      c.add("spec.ipipMode", q(s.ipipMode()) + " is not supported on an IPv6 pool: IPIP carries IPv4 only");
    }
    int min = cidr.isIPv4() ? 20 : 116;
    int max = cidr.isIPv4() ? 32 : 128;
    if (s.blockSize() != null && (s.blockSize() < min || s.blockSize() > max)) {
      c.add("spec.blockSize", s.blockSize() + " is out of range: an " + (cidr.isIPv4() ? "IPv4" : "IPv6")
          + " block size must be " + min + "-" + max);
      return;
    }
    int blockSize = s.blockSize() != null ? s.blockSize() : cidr.isIPv4() ? 26 : 122;
    // IPAM needs room for one whole block; a disabled pool hands out nothing, so Calico lets it be
    if (s.enabled() && cidr.length() > blockSize) {
      c.add("spec.cidr", q(s.cidr()) + " is smaller than one block: the prefix length " + cidr.length()
          + " must not exceed the block size " + blockSize);
    }
  }

  private static boolean enabled(String mode) {
    return EncapMode.of(mode).map(m -> m != EncapMode.NEVER).orElse(false);
  }

  /** Checks the uses; true when the pool is a LoadBalancer pool. */
  private static boolean allowedUses(Checks c, IPPoolSpec s) {
    List<String> uses = s.allowedUses();
    if (uses == null) return false;
    c.unique("spec.allowedUses", uses);
    for (int i = 0; i < uses.size(); i++) {
      c.oneOf("spec.allowedUses[" + i + "]", uses.get(i), IPPoolSpec.ALLOWED_USES);
    }
    boolean lb = uses.contains(IPPoolSpec.USE_LOAD_BALANCER);
    if (lb && (uses.contains(IPPoolSpec.USE_WORKLOAD) || uses.contains(IPPoolSpec.USE_TUNNEL))) {
      c.add("spec.allowedUses", "LoadBalancer cannot be combined with Workload or Tunnel");
    }
    return lb;
  }
}
