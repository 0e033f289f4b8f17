package io.jcalico.felix.driver.ipset;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.felix.testing.DriverKernelTest;
import io.jcalico.policy.ir.IpSet;
import io.jcalico.policy.ir.IpSet.Member;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The IP set driver against the kernel: every set type reads back equal to what was written
 * (so a resync writes nothing), changes patch members, stale and leftover temporary sets of ours
 * are destroyed while other sets are not, a read-back beside the writer repairs hand edits but
 * not writes made while it ran, and a refused update names the sets it left behind.
 */
class IpsetDriverKernelTest extends DriverKernelTest {
  private static final Duration RESYNC = Duration.ofSeconds(90);

  IpsetDriverKernelTest() {
    super("ips");
  }


  private static Member ip(String a) {
    return Member.of(new IPAddressString(a).getAddress());
  }

  private static final IpSet CLIENTS = IpSet.of("s:clients", 4, IpSet.Type.HASH_IP, List.of(ip("198.18.1.3"), ip("198.18.2.1")));
  private static final IpSet NETS = IpSet.of("c:nets", 4, IpSet.Type.HASH_NET,
      List.of(ip("198.19.0.0/16"), ip("198.20.0.7/32")));
  private static final IpSet PORTS = IpSet.of("n:http", 4, IpSet.Type.HASH_IP_PORT,
      List.of(Member.of(new IPAddressString("198.18.1.1").getAddress(), 6, 8080),
          Member.of(new IPAddressString("198.18.1.1").getAddress(), 17, 53)));
  private static final IpSet CLIENTS6 = IpSet.of("s:clients", 6, IpSet.Type.HASH_IP, List.of(ip("fd00::1:3")));

  @Test
  void everyTypeReadsBackAsWrittenSoAResyncWritesNothing() {
    List<IpSet> all = List.of(CLIENTS, NETS, PORTS, CLIENTS6);
    assertThat(new IpsetDriver(runner, clock, RESYNC).update(all)).isEmpty();
    runner.clear();
    IpsetDriver restarted = new IpsetDriver(runner, clock, RESYNC);
    assertThat(restarted.update(all)).isEmpty();
    assertThat(runner.writes("ipset")).isEmpty();
    assertThat(restarted.knownSets()).containsExactlyInAnyOrder(
        "cali40s:clients", "cali40c:nets", "cali40n:http", "cali60s:clients");
  }

  @Test
  void aChangedSetIsPatchedAndStaleSetsGoButOthersStay() {
    // Felix-named, but not a set we write (NAT outgoing's cali40all-ipam-pools is ours since we write it)
    ns.exec("ipset", "create", "cali40all-hosts-net", "hash:net");
    ns.exec("ipset", "create", "cali4ts:leftover", "hash:ip");
    ns.exec("ipset", "create", "someone-else", "hash:ip");
    IpsetDriver d = new IpsetDriver(runner, clock, RESYNC);
    d.update(List.of(CLIENTS, NETS));
    runner.clear();
    IpSet moved = IpSet.of("s:clients", 4, IpSet.Type.HASH_IP, List.of(ip("198.18.1.3"), ip("198.18.2.9")));
    assertThat(d.update(List.of(moved))).isEmpty();
    assertThat(runner.writes("ipset")).containsExactly("del cali40s:clients 198.18.2.1\nadd cali40s:clients 198.18.2.9\n");
    assertThat(d.removeStale()).isTrue();
    String names = ns.exec("ipset", "list", "-n").output();
    assertThat(names.lines().toList()).containsExactlyInAnyOrder("cali40s:clients", "cali40all-hosts-net", "someone-else");
    assertThat(ns.exec("ipset", "list", "cali40s:clients").output()).contains("198.18.2.9").doesNotContain("198.18.2.1\n");
  }

  @Test
  void aReadBackRepairsHandEditsAndKeepsWhatWasWrittenWhileItRan() {
    IpsetDriver d = new IpsetDriver(runner, clock, RESYNC);
    d.update(List.of(CLIENTS, NETS));
    ns.exec("ipset", "del", "cali40s:clients", "198.18.2.1");
    assertThat(d.readBackIfDue()).as("no read-back before the resync interval").isNull();
    clock.advance(RESYNC);
    Runnable takeIn = d.readBackIfDue().read(); // sees the hand edit
    IpSet fewerNets = IpSet.of("c:nets", 4, IpSet.Type.HASH_NET, List.of(ip("198.19.0.0/16")));
    assertThat(d.update(List.of(CLIENTS, fewerNets))).isEmpty(); // written after the read
    takeIn.run();
    runner.clear();
    assertThat(d.update(List.of(CLIENTS, NETS))).isEmpty();
    assertThat(runner.writes("ipset")).hasSize(1);
    assertThat(ns.exec("ipset", "list", "cali40s:clients").output()).contains("198.18.2.1");
    assertThat(ns.exec("ipset", "list", "cali40c:nets").output()).contains("198.20.0.7");
  }

  @Test
  void aRefusedUpdateNamesTheSetsItCouldNotBringUpToDate() {
    ns.exec("ipset", "create", "cali40s:clients", "hash:net"); // ours by name, but of another type
    IpsetDriver d = new IpsetDriver(runner, clock, RESYNC);
    assertThat(d.update(List.of(NETS, CLIENTS))).containsExactly("s:clients");
    assertThat(d.lastError()).isNotBlank();
  }
}
