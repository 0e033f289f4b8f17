package io.jcalico.felix.dataplane;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.felix.dataplane.PolicyDataplaneConfig.Backend;
import io.jcalico.felix.driver.ReadBack;
import io.jcalico.felix.driver.WriteOutcome;
import io.jcalico.felix.testing.DriverKernelTest;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.ir.NatOutgoing;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * NAT outgoing in a real kernel (a namespace per test), both backends, through the same tables
 * object calico-node uses: written beside policy; a restarted daemon finds it in place and writes
 * nothing; a masquerade rule deleted by hand comes back after the next read-back; a pool toggled
 * off removes the masquerade rule and its CIDR from the masquerading set, nothing else.
 */
class NatTableAdoptionAndHealingKernelTest extends DriverKernelTest {
  private static final Duration RESYNC = Duration.ofSeconds(180);
  private static final List<NatOutgoing.Pool> MASQUERADING = List.of(
      pool("198.18.128.0/18", true), pool("fd00:198:19::/112", true));

  NatTableAdoptionAndHealingKernelTest() {
    super("nat");
  }

  private PolicyTables tables(Backend b) {
    return switch (b) {
      case IPTABLES -> new IptablesPolicyTables(runner, clock, RESYNC, RESYNC);
      case NFTABLES -> new NftPolicyTables(runner, clock, RESYNC);
    };
  }

  private static DesiredState state(Backend b, List<NatOutgoing.Pool> pools) {
    return dbOnly(b == Backend.IPTABLES ? CompileOptions.IPTABLES : CompileOptions.NFTABLES)
        .withNat(NatOutgoing.compile(4, pools, true), NatOutgoing.compile(6, pools, true));
  }

  /** The nat rules as the kernel lists them (iptables: both families' nat tables and sets; nft: both tables). */
  private String natRules(Backend b) {
    return switch (b) {
      case IPTABLES -> ns.exec("iptables-save", "-t", "nat").output() + ns.exec("ip6tables-save", "-t", "nat").output()
          + ns.exec("ipset", "save").output();
      case NFTABLES -> ns.exec("nft", "list", "table", "ip", "calico").output()
          + ns.exec("nft", "list", "table", "ip6", "calico").output();
    };
  }

  private List<String> writes(Backend b) {
    return b == Backend.IPTABLES
        ? List.of("iptables-restore", "ip6tables-restore", "ipset").stream().flatMap(p -> runner.writes(p).stream()).toList()
        : runner.writes("nft");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aRestartedDaemonFindsNatOutgoingInPlaceAndWritesNothing(Backend b) {
    assertThat(tables(b).apply(state(b, MASQUERADING))).isEqualTo(WriteOutcome.WRITTEN);
    String rules = natRules(b);
    assertThat(rules).contains("cali-POSTROUTING", "cali-nat-outgoing", "cali40masq-ipam-pools", "cali60all-ipam-pools",
        "198.18.128.0/18", "fd00:198:19::/112");
    assertThat(rules).containsPattern(b == Backend.IPTABLES ? "-j MASQUERADE --random-fully" : "masquerade fully-random");
    runner.clear();
    assertThat(tables(b).apply(state(b, MASQUERADING))).isIn(WriteOutcome.UNCHANGED, WriteOutcome.WRITTEN);
    // nft refills sets it did not write itself (it does not read set contents back); nothing else is written
    assertThat(writes(b)).allSatisfy(w -> assertThat(w).doesNotContain("chain", "-A ", "-R ", "-D ", "-I ", "-X "));
    assertThat(natRules(b)).isEqualTo(rules);
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aMasqueradeRuleDeletedByHandIsBackAfterTheNextReadBack(Backend b) {
    PolicyTables t = tables(b);
    t.apply(state(b, MASQUERADING));
    if (b == Backend.IPTABLES) {
      ns.exec("iptables", "-t", "nat", "-F", "cali-nat-outgoing");
      ns.exec("iptables", "-t", "nat", "-D", "POSTROUTING", "1");
    } else {
      ns.exec("nft", "flush", "chain", "ip", "calico", "cali-nat-outgoing");
    }
    String v4Table = b == Backend.IPTABLES ? "iptables-save -t nat" : "nft list table ip calico";
    assertThat(ns.exec(v4Table.split(" ")).output()).doesNotContainPattern("MASQUERADE|masquerade");
    clock.advance(RESYNC.plusSeconds(1));
    ReadBack due = t.readBackIfDue();
    assertThat(due).isNotNull();
    due.read().run();
    assertThat(t.apply(state(b, MASQUERADING))).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(ns.exec(v4Table.split(" ")).output())
        .containsPattern(b == Backend.IPTABLES ? "-A POSTROUTING .*-j cali-POSTROUTING" : "jump cali-POSTROUTING")
        .containsPattern(b == Backend.IPTABLES ? "-j MASQUERADE" : "masquerade");
  }

  @ParameterizedTest
  @EnumSource(Backend.class)
  void aPoolToggledOffLeavesItInAllPoolsAndMasqueradesNothing(Backend b) {
    PolicyTables t = tables(b);
    t.apply(state(b, MASQUERADING));
    runner.clear();
    List<NatOutgoing.Pool> off = List.of(pool("198.18.128.0/18", false), pool("fd00:198:19::/112", false));
    assertThat(t.apply(state(b, off))).isEqualTo(WriteOutcome.WRITTEN);
    assertThat(natRules(b)).doesNotContainPattern("MASQUERADE|masquerade").contains("cali-nat-outgoing");
    String v4All = b == Backend.IPTABLES ? ns.exec("ipset", "list", "cali40all-ipam-pools").output()
        : ns.exec("nft", "list", "set", "ip", "calico", "cali40all-ipam-pools").output();
    String v4Masq = b == Backend.IPTABLES ? ns.exec("ipset", "list", "cali40masq-ipam-pools").output()
        : ns.exec("nft", "list", "set", "ip", "calico", "cali40masq-ipam-pools").output();
    assertThat(v4All).contains("198.18.128.0/18");
    assertThat(v4Masq).doesNotContain("198.18.128.0/18");
    // policy chains were not touched by a pool change
    assertThat(writes(b)).allSatisfy(w -> assertThat(w).doesNotContain("cali-tw-", "cali-fw-", "cali-pi-"));
  }

  private static NatOutgoing.Pool pool(String cidr, boolean masquerade) {
    return new NatOutgoing.Pool(new IPAddressString(cidr).getAddress(), masquerade);
  }
}
