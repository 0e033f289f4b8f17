package io.jcalico.calicoctl.cmd;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jcalico.calicoctl.CalicoctlHarness;
import io.jcalico.proto.bgp.PeerConfig;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import io.jcalico.proto.node.BgpPeersRequest;
import io.jcalico.proto.node.BgpPeersResponse;
import io.jcalico.proto.node.NodeServiceGrpc;
import io.jcalico.proto.node.StatusRequest;
import io.jcalico.proto.node.StatusResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code calicoctl node status} against an in-process NodeService on a temporary unix socket, and
 * without one: calicoctl's layout (boxed tables per address family) and its "not running" message.
 */
class NodeStatusTest {
  private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

  @TempDir Path dir;
  private Server server;
  private EventLoopGroup group;

  @AfterEach
  void stop() throws InterruptedException {
    NodeStatusCommand.clock = Clock.systemDefaultZone();
    if (server != null) server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    if (group != null) group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  private Path serve(List<PeerStatus> peers) throws Exception {
    Path socket = dir.resolve("node.sock");
    group = new EpollEventLoopGroup(1);
    server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollServerDomainSocketChannel.class).bossEventLoopGroup(group).workerEventLoopGroup(group)
        .addService(new NodeServiceGrpc.NodeServiceImplBase() {
          @Override
          public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
            out.onNext(StatusResponse.newBuilder().setNodeName("node1").setReady(true).build());
            out.onCompleted();
          }

          @Override
          public void bgpPeers(BgpPeersRequest request, StreamObserver<BgpPeersResponse> out) {
            out.onNext(BgpPeersResponse.newBuilder().addAllPeers(peers).build());
            out.onCompleted();
          }
        }).build().start();
    return socket;
  }

  private static PeerStatus peer(String address, String type, SessionState state, Instant since, String error) {
    return PeerStatus.newBuilder().setConfig(PeerConfig.newBuilder().setAddress(address).setPeerType(type))
        .setState(state).setStateSinceUnixMs(since.toEpochMilli()).setLastError(error).build();
  }

  private CalicoctlHarness.Run status(Path socket) throws Exception {
    NodeStatusCommand.clock = Clock.fixed(NOW, ZoneOffset.UTC);
    return new CalicoctlHarness(dir, "http://127.0.0.1:1").runRaw("node", "status", "--socket", socket.toString());
  }

  @Test
  void runningNodeShowsItsPeersPerFamily() throws Exception {
    Path socket = serve(List.of(
        peer("198.18.1.12", "node-to-node mesh", SessionState.ESTABLISHED, NOW.minusSeconds(3600), ""),
        peer("198.18.0.1", "global", SessionState.ACTIVE, NOW.minusSeconds(86400 * 3), "Socket: Connection refused"),
        peer("198.18.1.1", "node specific", SessionState.IDLE, NOW.minusSeconds(5), "BGP Error: Hold timer expired"),
        peer("fd00:198:18:1::12", "node-to-node mesh", SessionState.ESTABLISHED, NOW.minusSeconds(60), "")));
    CalicoctlHarness.Run r = status(socket);
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEqualTo("""
        Calico process is running.

        IPv4 BGP status
        +--------------+-------------------+-------+------------+------------------------------------+
        | PEER ADDRESS |     PEER TYPE     | STATE |   SINCE    |                INFO                |
        +--------------+-------------------+-------+------------+------------------------------------+
        | 198.18.1.12  | node-to-node mesh | up    | 11:00:00   | Established                        |
        | 198.18.0.1   | global            | start | 2026-04-28 | Active Socket: Connection refused  |
        | 198.18.1.1   | node specific     | start | 11:59:55   | Idle BGP Error: Hold timer expired |
        +--------------+-------------------+-------+------------+------------------------------------+

        IPv6 BGP status
        +-------------------+-------------------+-------+----------+-------------+
        |   PEER ADDRESS    |     PEER TYPE     | STATE |  SINCE   |    INFO     |
        +-------------------+-------------------+-------+----------+-------------+
        | fd00:198:18:1::12 | node-to-node mesh | up    | 11:59:00 | Established |
        +-------------------+-------------------+-------+----------+-------------+

        """);
  }

  @Test
  void runningNodeWithoutPeers() throws Exception {
    CalicoctlHarness.Run r = status(serve(List.of()));
    assertThat(r.out()).isEqualTo("Calico process is running.\n\nIPv4 BGP status\nNo IPv4 peers found.\n\n"
        + "IPv6 BGP status\nNo IPv6 peers found.\n\n");
  }

  @Test
  void noDaemonIsAClearError() throws Exception {
    CalicoctlHarness.Run r = status(dir.resolve("absent.sock"));
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).isEqualTo("Calico process is not running.\n");
    Path stale = Files.createFile(dir.resolve("stale.sock")); // left behind by a daemon that died
    assertThat(status(stale).err()).isEqualTo("Calico process is not running.\n");
  }
}
