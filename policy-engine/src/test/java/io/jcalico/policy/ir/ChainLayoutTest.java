package io.jcalico.policy.ir;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.selector.Selector;
import io.jcalico.policy.Cluster;
import io.jcalico.policy.PacketWalker;
import io.jcalico.policy.PacketWalker.Packet;
import io.jcalico.policy.hash.Names;
import io.jcalico.policy.model.Action;
import io.jcalico.policy.model.Endpoint;
import io.jcalico.policy.model.Policy;
import io.jcalico.policy.model.PolicyId;
import io.jcalico.policy.model.PolicyInput;
import io.jcalico.policy.model.PolicyRule;
import io.jcalico.policy.model.ProfileRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chains the compiler produces: Felix's names, only what is reachable, name limits, hashes. */
class ChainLayoutTest {

  @Test
  void felixChainLayoutForTheTestCluster() {
    Dataplane dp = new Compiler(CompileOptions.IPTABLES).compile(Cluster.with("""
        apiVersion: projectcalico.org/v3
        kind: NetworkPolicy
        metadata: {name: web-in, namespace: prod}
        spec:
          selector: app == 'web'
          ingress: [{action: Allow, source: {selector: app == 'client'}}]
        ---
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: selects-nobody}
        spec:
          selector: app == 'nobody'
          ingress: [{action: Allow, source: {selector: app == 'unused'}}]
        """)).v4();
    assertThat(dp.chainsByName().keySet()).containsExactly(
        "cali-FORWARD", "cali-INPUT", "cali-wl-to-host", "cali-from-wl-dispatch", "cali-to-wl-dispatch",
        "cali-tw-calidb", "cali-fw-calidb", "cali-tw-calidcl", "cali-fw-calidcl",
        "cali-tw-calipcl", "cali-fw-calipcl", "cali-tw-caliweb", "cali-fw-caliweb",
        "cali-pi-default/prod/web-in", "cali-pri-kns.dev", "cali-pri-kns.prod", "cali-pro-kns.dev", "cali-pro-kns.prod");
    // the unused policy's selector set is not built; the used one is
    assertThat(dp.ipSets()).hasSize(1);
    assertThat(Compiler.reachable(dp)).containsAll(dp.chainsByName().keySet());
  }

  @Test
  void longNamesAreCappedAt28WithAHash() {
    PolicyId id = PolicyId.namespaced("a-rather-long-namespace", "and-an-even-longer-policy-name");
    String chain = ChainNames.policy(id, io.jcalico.policy.model.Direction.INGRESS);
    assertThat(chain).hasSize(28).startsWith("cali-pi-_");
    assertThat(ChainNames.policy(PolicyId.namespaced("a-rather-long-namespace", "and-an-even-longer-policy-nam3"),
        io.jcalico.policy.model.Direction.INGRESS)).isNotEqualTo(chain);
    assertThat(Names.chain("cali-pi-", "default/x")).isEqualTo("cali-pi-default/x");
    // a name that fits exactly but starts with the hash marker is hashed too
    assertThat(Names.lengthLimited("p-", "_2345678", 10)).startsWith("p-_").hasSize(10).isNotEqualTo("p-_2345678");
    assertThat(Names.mainIpSet(4, Selector.ALL.uniqueId())).isEqualTo("cali40s:5y5I3VdRZfDU01O--xXAPx2").hasSize(31);
    assertThat(Names.tempIpSet(6, Selector.ALL.uniqueId())).isEqualTo("cali6ts:5y5I3VdRZfDU01O--xXAPx2");
  }

  @Test
  void ruleHashesChainSoAChangeMovesEveryLaterHash() {
    List<Rule> a = List.of(Rule.of(Target.ACCEPT), Rule.of(Target.DROP), Rule.of(Target.RETURN));
    List<Rule> b = List.of(Rule.of(Target.ACCEPT), Rule.of(Target.ACCEPT), Rule.of(Target.RETURN));
    Chain ca = Chain.of("cali-x", a);
    Chain cb = Chain.of("cali-x", b);
    assertThat(cb.ruleHashes().get(0)).isEqualTo(ca.ruleHashes().get(0));
    assertThat(cb.ruleHashes().get(1)).isNotEqualTo(ca.ruleHashes().get(1));
    assertThat(cb.ruleHashes().get(2)).isNotEqualTo(ca.ruleHashes().get(2));
    assertThat(Chain.of("cali-y", a).ruleHashes().get(0)).isNotEqualTo(ca.ruleHashes().get(0));
    assertThat(ca.ruleHashes()).allSatisfy(h -> assertThat(h).hasSize(16).matches("[A-Za-z0-9_-]+"));
  }

  @Test
  void manyEndpointsFanOutTheDispatchChains() {
    List<Endpoint> eps = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String iface = String.format("cali%011x", i * 0x1234567L);
      eps.add(new Endpoint("ns/p" + i, iface, List.of(new IPAddressString("198.18.4." + i).getAddress()),
          Map.of("projectcalico.org/namespace", "ns"), List.of("kns.ns"), List.of()));
    }
    Policy deny = new Policy(PolicyId.global("deny-all"), null, Selector.ALL, true, true, List.of(), List.of());
    PolicyInput in = new PolicyInput(List.of(deny), Map.of("kns.ns", ProfileRules.allowAll("kns.ns")), eps, List.of());
    Dataplane dp = new Compiler(CompileOptions.IPTABLES).compile(in).v4();
    Chain root = dp.chainsByName().get(ChainNames.FROM_WL_DISPATCH);
    assertThat(root.rules().size()).isLessThan(20);
    assertThat(dp.chainsByName().keySet()).anyMatch(n -> n.startsWith("cali-from-wl-dispatch-"));
    assertThat(dp.chains()).allSatisfy(c -> assertThat(c.name().length()).isLessThanOrEqualTo(28));
    PacketWalker w = new PacketWalker(dp);
    for (Endpoint e : eps) {
      // every endpoint is reached: deny-all selects it, so traffic out of it is dropped in its fw chain
      Packet p = Packet.tcp(e.interfaceName(), "eth0", e.addresses().get(0).toString(), "198.19.0.1", 80);
      assertThat(w.forward(p)).isEqualTo(PacketWalker.Verdict.DROP);
    }
    assertThat(w.forward(Packet.tcp("calinotthere", "eth0", "198.18.9.9", "198.19.0.1", 80)))
        .as("unknown interface").isEqualTo(PacketWalker.Verdict.DROP);
  }

  @Test
  void endpointWithoutProfilesFailsClosed() {
    Endpoint e = new Endpoint("ns/p", "calip", List.of(new IPAddressString("198.18.4.1").getAddress()), Map.of(), List.of("missing"), List.of());
    Dataplane dp = new Compiler(CompileOptions.IPTABLES).compile(new PolicyInput(List.of(), Map.of(), List.of(e), List.of())).v4();
    assertThat(new PacketWalker(dp).forward(Packet.tcp("eth0", "calip", "198.19.0.1", "198.18.4.1", 80)))
        .isEqualTo(PacketWalker.Verdict.DROP);
  }

  @Test
  void compilationIsDeterministic() {
    PolicyInput in = Cluster.with("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: g}
        spec:
          selector: all()
          ingress: [{action: Allow, protocol: TCP, source: {selector: has(app)}, destination: {ports: [http, 1, 2]}}]
        """);
    assertThat(new Compiler(CompileOptions.IPTABLES).compile(in)).isEqualTo(new Compiler(CompileOptions.IPTABLES).compile(in));
    assertThat(PolicyRule.of(Action.ALLOW)).isEqualTo(PolicyRule.of(Action.ALLOW));
  }
}
