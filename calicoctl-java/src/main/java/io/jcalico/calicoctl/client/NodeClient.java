package io.jcalico.calicoctl.client;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.node.BgpPeersRequest;
import io.jcalico.proto.node.NodeServiceGrpc;
import io.jcalico.proto.node.StatusRequest;
import io.jcalico.proto.node.StatusResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Asks the local node daemon (NodeService, gRPC on its unix socket) how it and its BGP sessions are. */
public final class NodeClient {
  /** What the daemon reported. */
  public record Report(StatusResponse status, List<PeerStatus> peers) {}

  /** The daemon is not there: no socket, or nobody answering on it. */
  public static final class NotRunning extends Exception {
    public NotRunning(String detail, Throwable cause) {
      super(detail, cause);
    }
  }

  private NodeClient() {}

  public static Report fetch(Path socket, Duration timeout) throws NotRunning {
    if (!Files.exists(socket)) throw new NotRunning("no socket at " + socket, null);
    EventLoopGroup group = new EpollEventLoopGroup(1);
    ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollDomainSocketChannel.class)
        .eventLoopGroup(group)
        .usePlaintext()
        .build();
    try {
      NodeServiceGrpc.NodeServiceBlockingStub stub = NodeServiceGrpc.newBlockingStub(channel);
      StatusResponse status = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS).status(StatusRequest.getDefaultInstance());
      List<PeerStatus> peers = stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .bgpPeers(BgpPeersRequest.getDefaultInstance()).getPeersList();
      return new Report(status, peers);
    } catch (StatusRuntimeException e) {
      throw new NotRunning(socket + ": " + e.getStatus(), e);
    } finally {
      channel.shutdownNow();
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
    }
  }
}
