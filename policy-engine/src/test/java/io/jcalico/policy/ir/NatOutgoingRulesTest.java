package io.jcalico.policy.ir;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.policy.render.iptables.IptablesRenderer;
import io.jcalico.policy.render.nftables.NftablesRenderer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The nat table NAT outgoing asks for, per family, and how both renderers write it: Felix's
 * layout ({@code POSTROUTING -> cali-POSTROUTING -> cali-nat-outgoing}, sets
 * {@code cali40masq-ipam-pools} and {@code cali40all-ipam-pools}), one masquerade rule only while
 * some pool masquerades.
 */
class NatOutgoingRulesTest {
  private static final NatOutgoing.Pool MASQ_V4 = pool("198.18.128.0/18", true);
  private static final NatOutgoing.Pool PLAIN_V4 = pool("198.19.0.0/20", false);
  private static final NatOutgoing.Pool MASQ_V6 = pool("fd00:198:19::/112", true);
  private static final List<NatOutgoing.Pool> POOLS = List.of(MASQ_V4, PLAIN_V4, MASQ_V6);

  @Test
  void everyPoolOfTheFamilyIsInAllPoolsOnlyMasqueradingOnesInMasqPools() {
    Dataplane v4 = NatOutgoing.compile(4, POOLS, true);
    assertThat(members(v4, NatOutgoing.ALL_POOLS_SET)).containsExactlyInAnyOrder(cidr("198.18.128.0/18"), cidr("198.19.0.0/20"));
    assertThat(members(v4, NatOutgoing.MASQ_POOLS_SET)).containsExactly(cidr("198.18.128.0/18"));
    Dataplane v6 = NatOutgoing.compile(6, POOLS, true);
    assertThat(members(v6, NatOutgoing.ALL_POOLS_SET)).containsExactly(cidr("fd00:198:19::/112"));
    assertThat(members(v6, NatOutgoing.MASQ_POOLS_SET)).containsExactly(cidr("fd00:198:19::/112"));
    assertThat(v4.ipSets().values()).allSatisfy(s -> assertThat(s.type()).isEqualTo(IpSet.Type.HASH_NET));
  }

  @Test
  void iptablesNatTableMasqueradesFromMasqPoolsToOutsideAllPools() {
    String text = new IptablesRenderer().delta(Dataplane.Table.NAT, Map.of(), NatOutgoing.compile(4, POOLS, true),
        NatOutgoing.compile(4, POOLS, true).hooks());
    assertThat(text).startsWith("*nat\n").endsWith("COMMIT\n")
        .contains(":cali-POSTROUTING - [0:0]", ":cali-nat-outgoing - [0:0]")
        .containsPattern("-A cali-POSTROUTING -m comment --comment \"cali:[\\w-]+\" -j cali-nat-outgoing\n")
        .containsPattern("-A cali-nat-outgoing -m comment --comment \"cali:[\\w-]+\""
            + " -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst"
            + " -j MASQUERADE --random-fully\n")
        .containsPattern("-I POSTROUTING 1 -m comment --comment \"cali:[\\w-]+\" -j cali-POSTROUTING\n")
        .doesNotContain("*filter");
    String v6 = new IptablesRenderer().delta(Dataplane.Table.NAT, Map.of(), NatOutgoing.compile(6, POOLS, false), List.of());
    assertThat(v6).contains("--match-set cali60masq-ipam-pools src -m set ! --match-set cali60all-ipam-pools dst -j MASQUERADE\n");
  }

  @Test
  void withoutMasqueradingPoolsTheChainsAndSetsStayButNoRuleMasquerades() {
    Dataplane dp = NatOutgoing.compile(4, List.of(PLAIN_V4), true);
    assertThat(dp.chainsByName().get(ChainNames.NAT_OUTGOING).rules()).isEmpty();
    assertThat(dp.chainsByName().get(ChainNames.POSTROUTING).rules()).hasSize(1);
    assertThat(dp.ipSets()).containsOnlyKeys(NatOutgoing.ALL_POOLS_SET, NatOutgoing.MASQ_POOLS_SET);
    assertThat(dp.hooks()).containsExactly(new Dataplane.Hook(Dataplane.Table.NAT, "POSTROUTING", ChainNames.POSTROUTING));
    assertThat(new IptablesRenderer().delta(Dataplane.Table.NAT, Map.of(), dp, List.of())).doesNotContain("MASQUERADE");
  }

  @Test
  void togglingAPoolRewritesOnlyTheMasqueradeChain() {
    Dataplane on = NatOutgoing.compile(4, POOLS, true);
    Dataplane off = NatOutgoing.compile(4, List.of(pool("198.18.128.0/18", false), PLAIN_V4), true);
    assertThat(off.chainsByName().get(ChainNames.POSTROUTING)).isEqualTo(on.chainsByName().get(ChainNames.POSTROUTING));
    String delta = new IptablesRenderer().delta(Dataplane.Table.NAT, Map.of(
        ChainNames.POSTROUTING, on.chainsByName().get(ChainNames.POSTROUTING).ruleHashes(),
        ChainNames.NAT_OUTGOING, on.chainsByName().get(ChainNames.NAT_OUTGOING).ruleHashes()), off, List.of());
    assertThat(delta).isEqualTo("*nat\n-D cali-nat-outgoing 1\nCOMMIT\n");
  }

  @Test
  void nftKeepsNatChainsBesideFilterChainsHookedAtSrcnat() {
    DesiredState state = new DesiredState(Dataplane.empty(4), Dataplane.empty(6))
        .withNat(NatOutgoing.compile(4, POOLS, true), NatOutgoing.compile(6, POOLS, true));
    String ruleset = new NftablesRenderer().ruleset(state);
    assertThat(ruleset)
        .contains("chain nat-POSTROUTING {\n\t\ttype nat hook postrouting priority srcnat; policy accept;\n\t\tjump cali-POSTROUTING\n")
        .containsPattern("ip saddr @cali40masq-ipam-pools ip daddr != @cali40all-ipam-pools counter masquerade fully-random"
            + " comment \"cali:[\\w-]+\"")
        .containsPattern("ip6 saddr @cali60masq-ipam-pools ip6 daddr != @cali60all-ipam-pools counter masquerade")
        .contains("set cali40all-ipam-pools {\n\t\ttype ipv4_addr\n\t\tflags interval\n\t\tauto-merge\n"
            + "\t\telements = { 198.19.0.0/20, 198.18.128.0/18 }"); // the sets' (fixed) member order
    NftablesRenderer.TableState written = NftablesRenderer.TableState.of(NftablesRenderer.withNat(state, 4));
    assertThat(written.baseChains()).containsOnlyKeys("nat-POSTROUTING");
    assertThat(new NftablesRenderer().delta(written, NftablesRenderer.withNat(state, 4))).isEmpty();
  }

  @Test
  void withoutNatTheDesiredStateLeavesTheNatTableAlone() {
    DesiredState policyOnly = new DesiredState(Dataplane.empty(4), Dataplane.empty(6));
    assertThat(policyOnly.nat(4)).isNull();
    assertThat(NftablesRenderer.withNat(policyOnly, 4)).isEqualTo(Dataplane.empty(4));
  }

  private static List<IPAddress> members(Dataplane dp, String setId) {
    return dp.ipSets().get(setId).members().stream().map(IpSet.Member::address).toList();
  }

  private static NatOutgoing.Pool pool(String cidr, boolean masquerade) {
    return new NatOutgoing.Pool(cidr(cidr), masquerade);
  }

  private static IPAddress cidr(String s) {
    return new IPAddressString(s).getAddress();
  }
}
