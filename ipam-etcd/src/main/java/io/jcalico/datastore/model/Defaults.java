package io.jcalico.datastore.model;

import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.GlobalNetworkPolicy.GlobalNetworkPolicySpec;
import io.jcalico.datastore.model.NetworkPolicy.NetworkPolicySpec;
import java.util.List;
import java.util.Optional;

/**
 * The defaults Calico writes into a resource when it is created or updated, and no others:
 *
 * <ul>
 *   <li>namespaced kinds without a namespace get {@code default} (calicoctl's default namespace);
 *   <li>IPPool (libcalico-go {@code ipPools.validateAndSetDefaults}): canonical CIDR text,
 *       {@code blockSize} 26 (IPv4) / 122 (IPv6), {@code ipipMode} and {@code vxlanMode} Never,
 *       {@code nodeSelector} all(), {@code allowedUses} [Workload, Tunnel], {@code assignmentMode}
 *       Automatic;
 *   <li>NetworkPolicy and GlobalNetworkPolicy: {@code types} inferred from the rules when empty
 *       ({@code defaultPolicyTypesField}), {@code tier} default (the v3 CRD default); {@code order}
 *       stays unset ("last");
 *   <li>BGPConfiguration: {@code logSeverityScreen} Info and {@code serviceLoadBalancerAggregation}
 *       Enabled, the v3 CRD's schema defaults. {@code nodeToNodeMeshEnabled} (true) and {@code
 *       asNumber} (64512) are <em>not</em> written: Calico applies them when reading an absent
 *       value, see {@link BGPConfigurationSpec#effectiveNodeToNodeMesh()} and {@link
 *       BGPConfigurationSpec#effectiveAsNumber()}.
 * </ul>
 *
 * Values that do not parse are left alone for the validator to report.
 */
public final class Defaults {

  public static final String DEFAULT_NAMESPACE = "default";
  public static final String ALL_SELECTOR = "all()";
  public static final int IPV4_BLOCK_SIZE = 26;
  public static final int IPV6_BLOCK_SIZE = 122;

  private Defaults() {}

  @SuppressWarnings("unchecked")
  public static <R extends Resource> R fill(R resource) {
    Resource r = resource;
    if (r.kind().namespaced() && r.metadata() != null && (r.namespace() == null || r.namespace().isEmpty())) {
      r = r.withMetadata(r.metadata().withNamespace(DEFAULT_NAMESPACE));
    }
    if (r instanceof IPPool p && p.spec() != null) {
      r = p.withSpec(pool(p.spec()));
    } else if (r instanceof NetworkPolicy np && np.spec() != null) {
      NetworkPolicySpec s = np.spec();
      r = np.withSpec(s.withTierAndTypes(tier(s.tier()), types(s)));
    } else if (r instanceof GlobalNetworkPolicy gnp && gnp.spec() != null) {
      GlobalNetworkPolicySpec s = gnp.spec();
      r = gnp.withSpec(s.withTierAndTypes(tier(s.tier()), types(s)));
    } else if (r instanceof BGPConfiguration bc) {
      BGPConfigurationSpec s = bc.spec() == null ? BGPConfigurationSpec.empty() : bc.spec();
      if (s.logSeverityScreen() == null) s = s.withLogSeverityScreen("Info");
      if (s.serviceLoadBalancerAggregation() == null) s = s.withServiceLoadBalancerAggregation("Enabled");
      r = bc.withSpec(s);
    }
    return (R) r;
  }

  private static IPPoolSpec pool(IPPoolSpec s) {
    Optional<Prefix> cidr = Addresses.prefix(s.cidr(), false);
    if (cidr.isPresent() && cidr.get().isStrictlyMasked()) {
      s = s.withCidr(cidr.get().canonicalNetwork());
    }
    if (s.blockSize() == null || s.blockSize() == 0) {
      s = cidr.map(c -> c.isIPv4() ? IPV4_BLOCK_SIZE : IPV6_BLOCK_SIZE).map(s::withBlockSize).orElse(s);
    }
    if (s.ipipMode() == null || s.ipipMode().isEmpty() || s.vxlanMode() == null || s.vxlanMode().isEmpty()) {
      s = s.withModes(orNever(s.ipipMode()), orNever(s.vxlanMode()));
    }
    if (s.nodeSelector() == null || s.nodeSelector().isEmpty()) s = s.withNodeSelector(ALL_SELECTOR);
    if (s.allowedUses() == null || s.allowedUses().isEmpty()) {
      s = s.withAllowedUses(List.of(IPPoolSpec.USE_WORKLOAD, IPPoolSpec.USE_TUNNEL));
    }
    if (s.assignmentMode() == null) s = s.withAssignmentMode("Automatic");
    return s;
  }

  private static String orNever(String mode) {
    return mode == null || mode.isEmpty() ? EncapMode.NEVER.value() : mode;
  }

  private static String tier(String tier) {
    return tier == null || tier.isEmpty() ? PolicySpec.DEFAULT_TIER : tier;
  }

  private static List<String> types(PolicySpec s) {
    return s.types() == null || s.types().isEmpty() ? PolicySpec.inferTypes(s.ingress(), s.egress()) : s.types();
  }
}
