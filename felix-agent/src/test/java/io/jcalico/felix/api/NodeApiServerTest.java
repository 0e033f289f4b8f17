package io.jcalico.felix.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.jcalico.proto.bgp.PeerConfig;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import io.jcalico.proto.node.BgpPeersRequest;
import io.jcalico.proto.node.BgpPeersResponse;
import io.jcalico.proto.node.NodeServiceGrpc;
import io.jcalico.proto.node.RoutesRequest;
import io.jcalico.proto.node.StatusRequest;
import io.jcalico.proto.node.StatusResponse;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node API answers over its unix socket from its sources, and removes the socket when closed. */
class NodeApiServerTest {
  @TempDir Path dir;

  @Test
  void answersStatusAndPeersOverTheUnixSocket() throws Exception {
    Path sock = dir.resolve("run/node.sock");
    var sources = new NodeApiServer.Sources(
        () -> StatusResponse.newBuilder().setNodeName("node1").setReady(true).build(),
        () -> BgpPeersResponse.newBuilder().addPeers(PeerStatus.newBuilder()
            .setConfig(PeerConfig.newBuilder().setAddress("198.18.0.2").setPeerType("node-to-node mesh"))
            .setState(SessionState.ESTABLISHED)).build(),
        () -> {
          throw new IllegalStateException("route table not ready");
        });
    var group = new EpollEventLoopGroup(1);
    try (NodeApiServer server = NodeApiServer.start(sock, sources)) {
      assertThat(Files.exists(sock)).isTrue();
      ManagedChannel ch = NettyChannelBuilder.forAddress(new DomainSocketAddress(sock.toString()))
          .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
      try {
        var stub = NodeServiceGrpc.newBlockingStub(ch).withDeadlineAfter(5, TimeUnit.SECONDS);
        assertThat(stub.status(StatusRequest.getDefaultInstance()).getNodeName()).isEqualTo("node1");
        assertThat(stub.bgpPeers(BgpPeersRequest.getDefaultInstance()).getPeers(0).getState()).isEqualTo(SessionState.ESTABLISHED);
        assertThatThrownBy(() -> stub.routes(RoutesRequest.getDefaultInstance()))
            .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("route table not ready");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    } finally {
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
    assertThat(Files.exists(sock)).isFalse();
  }
}
