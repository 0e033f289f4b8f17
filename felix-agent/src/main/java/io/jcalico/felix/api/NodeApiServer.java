package io.jcalico.felix.api;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.jcalico.proto.node.BgpPeersRequest;
import io.jcalico.proto.node.BgpPeersResponse;
import io.jcalico.proto.node.NodeServiceGrpc;
import io.jcalico.proto.node.RoutesRequest;
import io.jcalico.proto.node.RoutesResponse;
import io.jcalico.proto.node.StatusRequest;
import io.jcalico.proto.node.StatusResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node daemon's API (NodeService in node.proto) on a unix socket, for {@code calicoctl node
 * status} and operators: process status, BGP peers, programmed routes. Each answer comes from a
 * supplier owned by the component that knows it. (CNI requests use their own socket and framing.)
 */
public final class NodeApiServer implements AutoCloseable {
  /** The answers, each computed when asked. */
  public record Sources(Supplier<StatusResponse> status, Supplier<BgpPeersResponse> peers, Supplier<RoutesResponse> routes) {}

  private final Server server;
  private final EventLoopGroup group;
  private final Path socket;

  private NodeApiServer(Server server, EventLoopGroup group, Path socket) {
    this.server = server;
    this.group = group;
    this.socket = socket;
  }

  public static NodeApiServer start(Path socket, Sources sources) {
    try {
      Files.createDirectories(socket.getParent());
      Files.deleteIfExists(socket); // a stale socket of a previous run
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + socket + ": " + e.getMessage(), e);
    }
    EventLoopGroup group = new EpollEventLoopGroup(1);
    Server server = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
        .channelType(EpollServerDomainSocketChannel.class)
        .bossEventLoopGroup(group)
        .workerEventLoopGroup(group)
        .addService(new Service(sources))
        .build();
    try {
      server.start();
      Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
    } catch (IOException e) {
      group.shutdownGracefully();
      throw new UncheckedIOException("cannot listen on " + socket + ": " + e.getMessage(), e);
    }
    return new NodeApiServer(server, group, socket);
  }

  public Path socket() {
    return socket;
  }

  private static final class Service extends NodeServiceGrpc.NodeServiceImplBase {
    private final Sources sources;

    Service(Sources sources) {
      this.sources = sources;
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
      answer(out, sources.status());
    }

    @Override
    public void bgpPeers(BgpPeersRequest request, StreamObserver<BgpPeersResponse> out) {
      answer(out, sources.peers());
    }

    @Override
    public void routes(RoutesRequest request, StreamObserver<RoutesResponse> out) {
      answer(out, sources.routes());
    }

    private static <T> void answer(StreamObserver<T> out, Supplier<T> s) {
      T value;
      try {
        value = s.get();
      } catch (RuntimeException e) {
        out.onError(Status.INTERNAL.withDescription(e.getMessage()).asRuntimeException());
        return;
      }
      out.onNext(value);
      out.onCompleted();
    }
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      server.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    server.shutdownNow();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    try {
      Files.deleteIfExists(socket);
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
