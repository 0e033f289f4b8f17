package io.jcalico.policy.ir;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.selector.Selector;
import io.jcalico.policy.PacketWalker;
import io.jcalico.policy.PacketWalker.Packet;
import io.jcalico.policy.PacketWalker.Verdict;
import io.jcalico.policy.model.Action;
import io.jcalico.policy.model.EntityMatch;
import io.jcalico.policy.model.Icmp;
import io.jcalico.policy.model.PolicyRule;
import io.jcalico.policy.model.PortRange;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One policy rule in, the dataplane rules Felix would write out. */
class RuleLoweringTest {

  private static final CompileOptions.Marks M = CompileOptions.Marks.DEFAULT;

  private static IPAddress net(String s) {
    return new IPAddressString(s).getAddress();
  }

  private static List<Rule> lower(PolicyRule r, int v, CompileOptions o) {
    return new RuleCompiler(v, o, new IpSetIndex(List.of(), IpSetIndex.newMatchCache(), v)).compile(r);
  }

  private static List<Rule> lower(PolicyRule r) {
    return lower(r, 4, CompileOptions.IPTABLES);
  }

  private static List<PortRange> ports(int from, int to) {
    return IntStream.rangeClosed(from, to).mapToObj(PortRange::of).toList();
  }

  @Test
  void allowSetsTheAcceptBitThenReturns() {
    PolicyRule r = PolicyRule.of(Action.ALLOW).withProtocol(6)
        .withDestination(EntityMatch.ANY.withPorts(List.of(PortRange.of(80), new PortRange(8000, 8100)), List.of()));
    assertThat(lower(r)).containsExactly(
        new Rule(List.of(new Match.Protocol(6, false), new Match.Ports(Dir.DST, 6, List.of(PortRange.of(80), new PortRange(8000, 8100)), false)),
            new Target.SetMark(M.accept()), null),
        Rule.of(Target.RETURN, new Match.Mark(M.accept(), true)));
  }

  @Test
  void passSetsThePassBitDenyDropsLogLogs() {
    assertThat(lower(PolicyRule.of(Action.PASS))).containsExactly(
        Rule.of(new Target.SetMark(M.pass())), Rule.of(Target.RETURN, new Match.Mark(M.pass(), true)));
    assertThat(lower(PolicyRule.of(Action.DENY))).containsExactly(Rule.of(Target.DROP));
    assertThat(lower(PolicyRule.of(Action.LOG))).containsExactly(Rule.of(new Target.Log("calico-packet")));
  }

  @Test
  void oneNetIsACidrMatchSeveralANetworkSet() {
    List<Rule> one = lower(PolicyRule.of(Action.DENY).withSource(EntityMatch.ANY.withNets(List.of(net("198.19.0.0/16")))));
    assertThat(one.get(0).matches()).containsExactly(new Match.Cidr(Dir.SRC, net("198.19.0.0/16"), false));

    IpSetIndex sets = new IpSetIndex(List.of(), IpSetIndex.newMatchCache(), 4);
    List<Rule> two = new RuleCompiler(4, CompileOptions.IPTABLES, sets).compile(PolicyRule.of(Action.DENY)
        .withSource(EntityMatch.ANY.withNotNets(List.of(net("198.19.0.0/16"), net("198.20.0.0/16")))));
    Match.InSet m = (Match.InSet) two.get(0).matches().get(0);
    assertThat(m.negate()).isTrue();
    assertThat(sets.sets().get(m.setId()).type()).isEqualTo(IpSet.Type.HASH_NET);
    assertThat(sets.sets().get(m.setId()).members()).hasSize(2);
  }

  @Test
  void rulesForTheOtherFamilyRenderNothing() {
    assertThat(lower(PolicyRule.of(Action.ALLOW).withIpVersion(6))).isEmpty();
    assertThat(lower(PolicyRule.of(Action.ALLOW).withSource(EntityMatch.ANY.withNets(List.of(net("fd00::/8")))))).isEmpty();
    assertThat(lower(PolicyRule.of(Action.ALLOW).withProtocol(58))).isEmpty();
    assertThat(lower(PolicyRule.of(Action.ALLOW).withProtocol(1), 6, CompileOptions.IPTABLES)).isEmpty();
    // mixed families: only this family's nets remain
    List<Rule> mixed = lower(PolicyRule.of(Action.DENY).withSource(EntityMatch.ANY.withNets(List.of(net("fd00::/8"), net("198.18.0.0/15")))));
    assertThat(mixed.get(0).matches()).containsExactly(new Match.Cidr(Dir.SRC, net("198.18.0.0/15"), false));
  }

  @Test
  void negatedCatchAllDropsTheRuleAsCalicoDoes() {
    assertThat(lower(PolicyRule.of(Action.ALLOW).withSource(EntityMatch.ANY.withNotNets(List.of(net("0.0.0.0/0")))))).isEmpty();
  }

  @Test
  void icmpTypeAndCodeAfterTheProtocol() {
    List<Rule> r = lower(PolicyRule.of(Action.DENY).withProtocol(58).withIcmp(new Icmp(128, 0)), 6, CompileOptions.IPTABLES);
    assertThat(r.get(0).matches()).containsExactly(new Match.Protocol(58, false), new Match.Icmp(true, 128, 0, false));
  }

  @Test
  void portsBeyondOneMultiportMatchBecomeAMarkBlock() {
    PolicyRule r = PolicyRule.of(Action.ALLOW).withProtocol(6).withDestination(EntityMatch.ANY.withPorts(ports(1, 20), List.of()));
    List<Rule> ipt = lower(r);
    assertThat(ipt.get(0)).isEqualTo(Rule.of(new Target.ClearMark(M.scratch0() | M.scratch1())));
    assertThat(ipt.subList(1, 3)).allSatisfy(x -> assertThat(x.target()).isEqualTo(new Target.SetMark(M.scratch0())));
    assertThat(((Match.Ports) ipt.get(1).matches().get(1)).ranges()).hasSize(15);
    assertThat(((Match.Ports) ipt.get(2).matches().get(1)).ranges()).hasSize(5);
    assertThat(ipt.get(3).matches()).containsExactly(new Match.Protocol(6, false), new Match.Mark(M.scratch0(), true));
    assertThat(ipt).hasSize(5);
    // nftables holds any number of ports in one match
    assertThat(lower(r, 4, CompileOptions.NFTABLES)).hasSize(2);
  }

  @Test
  void negatedPortsAreAndedInOneRule() {
    PolicyRule r = PolicyRule.of(Action.DENY).withProtocol(17).withDestination(EntityMatch.ANY.withNotPorts(ports(1, 20), List.of()));
    List<Rule> out = lower(r);
    assertThat(out).hasSize(1);
    assertThat(out.get(0).matches()).filteredOn(m -> m instanceof Match.Ports p && p.negate()).hasSize(2);
  }

  @Test
  void twoPortBlocksMustBothMatch() {
    // source ports need a block (20 ports), destination ports too (named + numeric)
    String selector = "app == 'web'";
    io.jcalico.policy.model.Endpoint web = new io.jcalico.policy.model.Endpoint("prod/web", "caliweb",
        List.of(net("198.18.1.1")), java.util.Map.of("app", "web"), List.of(),
        List.of(new io.jcalico.policy.model.NamedPort("http", 6, 8080)));
    io.jcalico.policy.model.Policy p = new io.jcalico.policy.model.Policy(
        io.jcalico.policy.model.PolicyId.global("two-blocks"), null, Selector.parse(selector), true, false,
        List.of(PolicyRule.of(Action.ALLOW).withProtocol(6)
            .withSource(EntityMatch.ANY.withPorts(ports(1000, 1019), List.of()))
            .withDestination(EntityMatch.ANY.withPorts(List.of(PortRange.of(9000)), List.of("http")))),
        List.of());
    io.jcalico.policy.model.PolicyInput in = new io.jcalico.policy.model.PolicyInput(List.of(p), java.util.Map.of(), List.of(web), List.of());
    for (CompileOptions o : List.of(CompileOptions.IPTABLES, CompileOptions.NFTABLES)) {
      PacketWalker w = new PacketWalker(new Compiler(o).compile(in).v4());
      assertThat(w.forward(pkt(1005, 8080))).isEqualTo(Verdict.ACCEPT);
      assertThat(w.forward(pkt(1019, 9000))).isEqualTo(Verdict.ACCEPT);
      assertThat(w.forward(pkt(1020, 8080))).isEqualTo(Verdict.DROP);
      assertThat(w.forward(pkt(1005, 8081))).isEqualTo(Verdict.DROP);
      assertThat(w.forward(pkt(999, 9001))).isEqualTo(Verdict.DROP);
    }
  }

  private static Packet pkt(int sport, int dport) {
    IPAddress src = net("198.19.0.1");
    return new Packet("eth0", "caliweb", src, net("198.18.1.1"), 6, sport, dport, -1, -1);
  }
}
