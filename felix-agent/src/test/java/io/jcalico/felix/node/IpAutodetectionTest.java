package io.jcalico.felix.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.node.IpAutodetection.Candidate;
import io.jcalico.felix.testing.NetnsExtension;
import io.jcalico.felix.testing.TestNetns;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** IP=autodetect picks the address Calico's methods pick, on candidates and in a real namespace. */
class IpAutodetectionTest {
  @RegisterExtension final NetnsExtension namespaces = new NetnsExtension();

  private static final List<Candidate> HOST = List.of(
      candidate("lo", "127.0.0.1/8"),
      candidate("docker0", "198.18.200.1/24"),
      candidate("cali0123456789a", "198.18.201.1/32"),
      candidate("eth0", "fe80::1/64"),
      candidate("eth0", "198.18.1.11/24"),
      candidate("eth0", "fd00:1::11/64"),
      candidate("ens5", "198.18.2.11/24"),
      candidate("vxlan.calico", "198.18.202.1/32"));
  private static final Function<IPAddress, Optional<IPAddress>> NO_ROUTES = d -> Optional.empty();

  @Test
  void firstFoundSkipsLoopbackBridgesAndPodInterfacesAndKeepsTheSubnet() {
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "first-found", NO_ROUTES)).hasToString("198.18.1.11/24");
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, null, NO_ROUTES)).hasToString("198.18.1.11/24");
    // link-local fe80:: never counts
    assertThat(IpAutodetection.choose(HOST, IpFamily.V6, "first-found", NO_ROUTES)).hasToString("fd00:1::11/64");
  }

  @Test
  void interfaceSkipInterfaceAndCidrMethods() {
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "interface=ens.*", NO_ROUTES)).hasToString("198.18.2.11/24");
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "interface=nomatch,ens5", NO_ROUTES)).hasToString("198.18.2.11/24");
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "skip-interface=eth0", NO_ROUTES)).hasToString("198.18.2.11/24");
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "cidr=198.18.2.0/24", NO_ROUTES)).hasToString("198.18.2.11/24");
    // an explicit interface= may name an interface first-found would skip
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "interface=docker0", NO_ROUTES)).hasToString("198.18.200.1/24");
  }

  @Test
  void canReachTakesTheSourceAddressTheKernelWouldUse() {
    Function<IPAddress, Optional<IPAddress>> routes = d -> d.toString().startsWith("198.18.2.")
        ? Optional.of(ip("198.18.2.11")) : Optional.empty();
    assertThat(IpAutodetection.choose(HOST, IpFamily.V4, "can-reach=198.18.2.1", routes)).hasToString("198.18.2.11/24");
    assertThatThrownBy(() -> IpAutodetection.choose(HOST, IpFamily.V4, "can-reach=198.18.9.1", routes))
        .hasMessageContaining("no route from this node to 198.18.9.1");
  }

  @Test
  void badMethodsAndNoMatchSayWhatWasWrong() {
    assertThatThrownBy(() -> IpAutodetection.choose(HOST, IpFamily.V4, "fastest", NO_ROUTES))
        .hasMessageContaining("IP_AUTODETECTION_METHOD \"fastest\" is not one of");
    assertThatThrownBy(() -> IpAutodetection.choose(HOST, IpFamily.V4, "cidr=not-a-cidr", NO_ROUTES))
        .hasMessageContaining("\"not-a-cidr\" is not an address or CIDR");
    assertThatThrownBy(() -> IpAutodetection.choose(HOST, IpFamily.V6, "interface=ens5", NO_ROUTES))
        .hasMessageContaining("no IPv6 address found by IP6_AUTODETECTION_METHOD=interface=ens5");
  }

  @Test
  void detectsInARealNamespaceIgnoringDownInterfaces() {
    TestNetns ns = namespaces.create("autodetect");
    // veth pairs (no dummy module here); the peers' names are ones first-found skips
    ns.ip("link", "add", "dummy0", "type", "veth", "peer", "name", "veth0");
    ns.ip("link", "add", "eth9", "type", "veth", "peer", "name", "veth9");
    ns.ip("link", "add", "eth1", "type", "veth", "peer", "name", "veth1");
    ns.ip("addr", "add", "198.18.3.5/24", "dev", "dummy0");
    ns.ip("addr", "add", "198.18.4.5/24", "dev", "eth9"); // stays down
    ns.ip("addr", "add", "198.18.5.5/24", "dev", "eth1");
    ns.ip("link", "set", "dummy0", "up");
    ns.ip("link", "set", "eth1", "up");

    assertThat(IpAutodetection.detect(ns.netlink(), IpFamily.V4, "first-found")).hasToString("198.18.5.5/24");
    assertThat(IpAutodetection.detect(ns.netlink(), IpFamily.V4, "interface=dummy0")).hasToString("198.18.3.5/24");
  }

  private static Candidate candidate(String name, String address) {
    return new Candidate(name, new IPAddressString(address).getAddress());
  }

  private static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }
}
