package io.jcalico.policy.render;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.policy.ir.Chain;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.ir.NatOutgoing;
import io.jcalico.policy.render.ipset.IpsetRenderer;
import io.jcalico.policy.render.iptables.IptablesRenderer;
import io.jcalico.policy.render.nftables.NftablesRenderer;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The real tools accept what the renderers write: ipset restore, iptables-restore and
 * ip6tables-restore ({@code --test} first, then for real), {@code nft -c} then {@code nft -f}
 * twice (the replace is idempotent), all inside a network namespace made for the test and deleted
 * after it. Also: applying the iptables delta from one state to another leaves the same chains
 * as writing the second state from scratch.
 */
class KernelToolsAcceptRenderedTextTest {

  private final IptablesRenderer ipt = new IptablesRenderer();
  private final IpsetRenderer ipset = new IpsetRenderer();

  @Test
  void iptablesAndIpsetRestoreAcceptTheScenario() throws Exception {
    DesiredState s = Scenario.compile(Scenario.POLICIES, CompileOptions.IPTABLES);
    try (NetNs ns = new NetNs()) {
      ns.exec(ipset.restore(s.v4()) + ipset.restore(s.v6()), "ipset", "restore").ok();
      for (int v : List.of(4, 6)) {
        Dataplane dp = s.family(v);
        String tool = v == 4 ? "iptables" : "ip6tables";
        String text = ipt.restore(dp);
        ns.exec(text, tool + "-restore", "--noflush", "--test").ok();
        ns.exec(text, tool + "-restore", "--noflush").ok();
        for (Dataplane.Hook h : dp.hooks()) {
          ns.exec(null, withArgs(tool, ipt.hookInsert(h))).ok();
        }
        String saved = ns.exec(null, tool + "-save", "-t", "filter").ok().out();
        for (Chain c : dp.chains()) {
          assertThat(saved).contains(":" + c.name() + " - ");
          c.ruleHashes().forEach(h -> assertThat(saved).contains("cali:" + h));
        }
        assertThat(saved).contains("-A FORWARD -m comment --comment \"cali:");
      }
      // applying the same sets again swaps in fresh copies without error
      ns.exec(ipset.restore(s.v4()), "ipset", "restore").ok();
      assertThat(ns.exec(null, "ipset", "list", "-n").ok().out().lines().filter(l -> l.startsWith("cali4t")).count())
          .as("no temporary sets left").isZero();
    }
  }

  @Test
  void deltaLeavesTheSameChainsAsAFreshRestore() throws Exception {
    DesiredState before = Scenario.compile(Scenario.POLICIES, CompileOptions.IPTABLES);
    DesiredState after = Scenario.compile(Scenario.CHANGED, CompileOptions.IPTABLES);
    String viaDelta;
    String fresh;
    try (NetNs ns = new NetNs()) {
      ns.exec(ipset.restore(before.v4()), "ipset", "restore").ok();
      ns.exec(ipt.restore(before.v4()), "iptables-restore", "--noflush").ok();
      ns.exec(ipset.delta(before.v4(), after.v4()), "ipset", "restore").ok();
      String delta = ipt.delta(before.v4(), after.v4());
      assertThat(delta).contains("-R ").contains("-X ");
      ns.exec(delta, "iptables-restore", "--noflush").ok();
      ns.exec(ipset.destroyStale(before.v4(), after.v4()), "ipset", "restore").ok();
      viaDelta = caliRules(ns);
    }
    try (NetNs ns = new NetNs()) {
      ns.exec(ipset.restore(after.v4()), "ipset", "restore").ok();
      ns.exec(ipt.restore(after.v4()), "iptables-restore", "--noflush").ok();
      fresh = caliRules(ns);
    }
    assertThat(viaDelta).isEqualTo(fresh);
  }

  @Test
  void nftAcceptsTheRulesetAndReplacesItAtomically() throws Exception {
    DesiredState s = Scenario.compile(Scenario.POLICIES, CompileOptions.NFTABLES);
    String ruleset = new NftablesRenderer().ruleset(s);
    try (NetNs ns = new NetNs()) {
      // check mode first; its table statement needs the table to exist for the delete to resolve
      ns.exec(ruleset, "nft", "-c", "-f", "-").ok();
      ns.exec(ruleset, "nft", "-f", "-").ok();
      ns.exec(ruleset, "nft", "-f", "-").ok();
      String listed = ns.exec(null, "nft", "list", "table", "ip", "calico").ok().out();
      for (Chain c : s.v4().chains()) {
        assertThat(listed).contains("chain " + c.name() + " {");
        c.ruleHashes().forEach(h -> assertThat(listed).contains("cali:" + h));
      }
      assertThat(listed).contains("hook forward");
      String listed6 = ns.exec(null, "nft", "list", "table", "ip6", "calico").ok().out();
      assertThat(listed6).contains("icmpv6 type echo-request");
    }
  }

  @Test
  void natOutgoingIsAcceptedByIptablesRestoreAndNft() throws Exception {
    List<NatOutgoing.Pool> pools = List.of(
        new NatOutgoing.Pool(new IPAddressString("198.18.128.0/18").getAddress(), true),
        new NatOutgoing.Pool(new IPAddressString("fd00:198:19::/112").getAddress(), true));
    DesiredState s = Scenario.compile(Scenario.POLICIES, CompileOptions.NFTABLES)
        .withNat(NatOutgoing.compile(4, pools, true), NatOutgoing.compile(6, pools, true));
    try (NetNs ns = new NetNs()) {
      ns.exec(ipset.restore(s.natV4()) + ipset.restore(s.natV6()), "ipset", "restore").ok();
      for (int v : List.of(4, 6)) {
        String tool = v == 4 ? "iptables" : "ip6tables";
        Dataplane nat = s.nat(v);
        ns.exec(ipt.delta(Dataplane.Table.NAT, java.util.Map.of(), nat, nat.hooks()), tool + "-restore", "--noflush").ok();
        String saved = ns.exec(null, tool + "-save", "-t", "nat").ok().out();
        assertThat(saved).contains("-A POSTROUTING -m comment --comment \"cali:")
            .contains("-j MASQUERADE --random-fully");
      }
      String ruleset = new NftablesRenderer().ruleset(s);
      ns.exec(ruleset, "nft", "-f", "-").ok();
      assertThat(ns.exec(null, "nft", "list", "table", "ip6", "calico").ok().out())
          .contains("type nat hook postrouting priority srcnat").contains("masquerade fully-random");
    }
  }

  private static String caliRules(NetNs ns) throws Exception {
    return ns.exec(null, "iptables-save", "-t", "filter").ok().out().lines()
        .filter(l -> l.startsWith("-A cali-") || l.startsWith(":cali-"))
        .map(l -> l.replaceAll("\\[\\d+:\\d+\\]", ""))
        .sorted()
        .collect(Collectors.joining("\n"));
  }

  private static String[] withArgs(String tool, String args) {
    // the hook line has one quoted comment; split the rest on blanks
    List<String> out = new java.util.ArrayList<>(List.of(tool));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(args);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return out.toArray(String[]::new);
  }
}
