package io.jcalico.bgp.bench;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.net.InetSocketAddress;

/**
 * Who is where: the feeder, the system under test and the monitor on their own loopback
 * addresses and high ports. The feeder and monitor listen; the system under test connects to both.
 */
record BenchTopology(Endpoint feeder, Endpoint dut, Endpoint monitor) {

  record Endpoint(IPAddress address, int port, long as) {
    InetSocketAddress socket() {
      return new InetSocketAddress(address.toInetAddress(), port);
    }

    /** The router ID: 198.18.0.x for 127.0.0.x, so IDs stay inside the lab range. */
    IPAddress routerId() {
      return new IPAddressString("198.18.0." + (address.getBytes()[3] & 0xFF)).getAddress();
    }

    int routerIdInt() {
      return routerId().getValue().intValue();
    }
  }

  static BenchTopology onLoopback(int feederPort, int dutPort, int monitorPort) {
    return new BenchTopology(
        new Endpoint(ip("127.0.0.101"), feederPort, 65101),
        new Endpoint(ip("127.0.0.102"), dutPort, 65102),
        new Endpoint(ip("127.0.0.103"), monitorPort, 65103));
  }

  private static IPAddress ip(String text) {
    return new IPAddressString(text).getAddress();
  }
}
