package io.jcalico.policy.ir;

/**
 * How policy is compiled. {@code maxPortsPerRule} is what one rule can hold in a port match
 * (iptables multiport: 15 entries, a range counting two; nftables: no limit); beyond it, and when
 * numeric and named ports mix, the compiler ORs alternatives through mark bits as Felix does.
 */
public record CompileOptions(
    String workloadInterfacePrefix,
    int maxPortsPerRule,
    EndpointToHostAction endpointToHostAction,
    Marks marks,
    int dispatchFanoutThreshold) {

  /** What happens to traffic from a workload to the host itself once its egress policy allowed it. */
  public enum EndpointToHostAction { DROP, ACCEPT, RETURN }

  /** Packet-mark bits (Felix's defaults within the mask 0xffff0000). */
  public record Marks(int accept, int pass, int scratch0, int scratch1) {
    public static final Marks DEFAULT = new Marks(0x10000, 0x20000, 0x40000, 0x80000);

    public int all() {
      return accept | pass | scratch0 | scratch1;
    }
  }

  public static final int IPTABLES_MULTIPORT_LIMIT = 15;

  /** Felix's defaults for the iptables backend. */
  public static final CompileOptions IPTABLES =
      new CompileOptions("cali", IPTABLES_MULTIPORT_LIMIT, EndpointToHostAction.DROP, Marks.DEFAULT, 32);

  /** The same for nftables, whose anonymous sets hold any number of ports. */
  public static final CompileOptions NFTABLES =
      new CompileOptions("cali", Integer.MAX_VALUE, EndpointToHostAction.DROP, Marks.DEFAULT, 32);

  public CompileOptions withEndpointToHostAction(EndpointToHostAction a) {
    return new CompileOptions(workloadInterfacePrefix, maxPortsPerRule, a, marks, dispatchFanoutThreshold);
  }

  public CompileOptions withWorkloadInterfacePrefix(String prefix) {
    return new CompileOptions(prefix, maxPortsPerRule, endpointToHostAction, marks, dispatchFanoutThreshold);
  }
}
