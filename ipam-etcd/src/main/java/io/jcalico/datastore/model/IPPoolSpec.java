package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * IPPool spec. Modes and uses stay strings as written (the validator names bad values); {@link
 * EncapMode} and {@link #ALLOWED_USES} give them meaning.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IPPoolSpec(
    String cidr,
    String vxlanMode,
    String ipipMode,
    Boolean natOutgoing,
    Boolean disabled,
    Boolean disableBGPExport,
    Integer blockSize,
    String nodeSelector,
    String namespaceSelector,
    List<String> allowedUses,
    String assignmentMode) {

  public static final String USE_WORKLOAD = "Workload";
  public static final String USE_TUNNEL = "Tunnel";
  public static final String USE_LOAD_BALANCER = "LoadBalancer";
  public static final List<String> ALLOWED_USES = List.of(USE_WORKLOAD, USE_TUNNEL, USE_LOAD_BALANCER);
  public static final List<String> ASSIGNMENT_MODES = List.of("Automatic", "Manual");

  public IPPoolSpec {
    allowedUses = Copies.list(allowedUses);
  }

  public static IPPoolSpec ofCidr(String cidr) {
    return new IPPoolSpec(cidr, null, null, null, null, null, null, null, null, null, null);
  }

  public EncapMode ipip() {
    return EncapMode.orNever(ipipMode);
  }

  public EncapMode vxlan() {
    return EncapMode.orNever(vxlanMode);
  }

  public boolean enabled() {
    return !Boolean.TRUE.equals(disabled);
  }

  public boolean masquerades() {
    return Boolean.TRUE.equals(natOutgoing);
  }

  public boolean allows(String use) {
    return allowedUses == null || allowedUses.isEmpty()
        ? USE_WORKLOAD.equals(use) || USE_TUNNEL.equals(use)
        : allowedUses.contains(use);
  }

  public IPPoolSpec withCidr(String v) {
    return new IPPoolSpec(v, vxlanMode, ipipMode, natOutgoing, disabled, disableBGPExport, blockSize, nodeSelector, namespaceSelector, allowedUses, assignmentMode);
  }

  public IPPoolSpec withModes(String ipip, String vxlan) {
    return new IPPoolSpec(cidr, vxlan, ipip, natOutgoing, disabled, disableBGPExport, blockSize, nodeSelector, namespaceSelector, allowedUses, assignmentMode);
  }

  public IPPoolSpec withBlockSize(Integer v) {
    return new IPPoolSpec(cidr, vxlanMode, ipipMode, natOutgoing, disabled, disableBGPExport, v, nodeSelector, namespaceSelector, allowedUses, assignmentMode);
  }

  public IPPoolSpec withNodeSelector(String v) {
    return new IPPoolSpec(cidr, vxlanMode, ipipMode, natOutgoing, disabled, disableBGPExport, blockSize, v, namespaceSelector, allowedUses, assignmentMode);
  }

  public IPPoolSpec withAllowedUses(List<String> v) {
    return new IPPoolSpec(cidr, vxlanMode, ipipMode, natOutgoing, disabled, disableBGPExport, blockSize, nodeSelector, namespaceSelector, v, assignmentMode);
  }

  public IPPoolSpec withAssignmentMode(String v) {
    return new IPPoolSpec(cidr, vxlanMode, ipipMode, natOutgoing, disabled, disableBGPExport, blockSize, nodeSelector, namespaceSelector, allowedUses, v);
  }

  public IPPoolSpec withNatOutgoing(Boolean v) {
    return new IPPoolSpec(cidr, vxlanMode, ipipMode, v, disabled, disableBGPExport, blockSize, nodeSelector, namespaceSelector, allowedUses, assignmentMode);
  }

  public IPPoolSpec withDisabled(Boolean v) {
    return new IPPoolSpec(cidr, vxlanMode, ipipMode, natOutgoing, v, disableBGPExport, blockSize, nodeSelector, namespaceSelector, allowedUses, assignmentMode);
  }
}
