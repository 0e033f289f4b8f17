package io.jcalico.policy;

import static io.jcalico.policy.Cluster.DB;
import static io.jcalico.policy.Cluster.OUT;
import static io.jcalico.policy.Cluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.policy.Cluster.Host;
import io.jcalico.policy.PacketWalker.Packet;
import io.jcalico.policy.PacketWalker.Verdict;
import io.jcalico.policy.PolicyCases.Case;
import io.jcalico.policy.PolicyCases.Expect;
import io.jcalico.policy.PolicyCases.Probe;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Compiler;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.model.PolicyInput;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calico's policy semantics, end to end through translation and compilation: each of the
 * {@link PolicyCases} applies v3 (or Kubernetes) policy documents to the {@link Cluster}, and the
 * first packet of each conversation is walked through node1's compiled chains of both backends'
 * option sets (iptables: 15-port multiport limit; nftables: none), expecting the verdicts
 * Calico gives. A few cases add packets the traffic lab cannot send ({@link #PACKET_ONLY}).
 */
class PolicySemanticsTest {

  /** A packet and the verdict it must get. */
  record PacketExpect(Packet packet, Verdict verdict) {
    @Override
    public String toString() {
      return verdict + " " + packet;
    }
  }

  /** Extra packets for some cases, by case name: other ICMP types, addresses outside the lab. */
  static final Map<String, List<PacketExpect>> PACKET_ONLY = Map.of(
      "icmp with code and notICMP", List.of(
          new PacketExpect(Packet.icmp(WEB.iface(), DB.iface(), WEB.ip4(), DB.ip4(), 13, 0), Verdict.DROP)),
      "nets with notNets", List.of(
          new PacketExpect(Packet.tcp("eth0", WEB.iface(), "198.20.1.1", WEB.ip4(), 80), Verdict.ACCEPT)),
      "more ports than one iptables multiport match holds (15)", List.of(
          new PacketExpect(Packet.tcp("eth0", WEB.iface(), OUT.ip4(), WEB.ip4(), 1), Verdict.ACCEPT),
          new PacketExpect(Packet.tcp("eth0", WEB.iface(), OUT.ip4(), WEB.ip4(), 13), Verdict.DROP)));

  static Stream<Case> cases() {
    return PolicyCases.cases();
  }

  /** Where the packet enters and leaves node1: a local pod's veth, or the uplink. */
  private static String iface(Host h) {
    return h.local() ? h.iface() : "eth0";
  }

  /** The first packet of the conversation (a new connection, an echo request). */
  static Packet packet(Expect e) {
    Probe p = e.probe();
    int v = p.ipVersion();
    String in = iface(e.from());
    String out = iface(p.to());
    String src = e.from().ip(v);
    String dst = p.to().ip(v);
    return switch (p.protocol()) {
      case TCP -> Packet.tcp(in, out, src, dst, p.port());
      case UDP -> Packet.udp(in, out, src, dst, p.port());
      case ICMP -> Packet.icmp(in, out, src, dst, v == 4 ? 8 : 128, 0);
    };
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdictsAsCalico(Case c) {
    PolicyInput input = Cluster.with(c.yaml());
    Stream<PacketExpect> conversations = c.expectations().stream()
        .map(e -> new PacketExpect(packet(e), e.allowed() ? Verdict.ACCEPT : Verdict.DROP));
    List<PacketExpect> all = Stream.concat(conversations, PACKET_ONLY.getOrDefault(c.name(), List.of()).stream()).toList();
    for (CompileOptions options : List.of(CompileOptions.IPTABLES, CompileOptions.NFTABLES)) {
      DesiredState state = new Compiler(options).compile(input);
      for (PacketExpect e : all) {
        PacketWalker walker = new PacketWalker(state.family(e.packet().src().isIPv4() ? 4 : 6));
        assertThat(walker.forward(e.packet())).as("%s with %s ports per rule", e, options.maxPortsPerRule())
            .isEqualTo(e.verdict());
      }
    }
  }

  @Test
  void everyPacketOnlyExtraBelongsToACase() {
    assertThat(PolicyCases.cases().map(Case::name)).containsAll(PACKET_ONLY.keySet());
  }
}
