package io.jcalico.bgp.bench;

import io.jcalico.bgp.routers.DaemonKind;
import io.jcalico.bgp.routers.Family;
import io.jcalico.bgp.routers.Neighbor;
import io.jcalico.bgp.routers.RouterConfig;
import io.jcalico.bgp.routers.RouterDaemon;
import inet.ipaddr.ipv4.IPv4Address;
import java.util.Set;

/** A reference daemon (BIRD, FRR bgpd, GoBGP) as the system under test, via {@code io.jcalico.bgp.routers}. */
final class DaemonDut implements Dut {
  private final DaemonKind kind;
  private RouterDaemon daemon;

  DaemonDut(DaemonKind kind) {
    this.kind = kind;
  }

  @Override
  public String name() {
    return kind.toString();
  }

  @Override
  public void start(BenchTopology t) {
    RouterConfig config = RouterConfig.of((IPv4Address) t.dut().routerId(), t.dut().as(),
            t.dut().address(), t.dut().port())
        .withNeighbor(neighbor(t.feeder()).withPolicy(true, false))
        .withNeighbor(neighbor(t.monitor()).withPolicy(false, true))
        .withVerboseLog(false);
    daemon = kind.create(config);
    daemon.start();
  }

  private static Neighbor neighbor(BenchTopology.Endpoint peer) {
    return Neighbor.of(peer.address(), peer.port(), peer.as()).withMultihop(true)
        .withFamilies(Set.of(Family.IPV4)).withConnectRetry(1);
  }

  @Override
  public long pid() {
    return daemon.pid();
  }

  @Override
  public void close() {
    if (daemon != null) {
      daemon.close();
    }
  }
}
