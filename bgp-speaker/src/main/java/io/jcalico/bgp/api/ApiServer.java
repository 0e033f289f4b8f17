package io.jcalico.bgp.api;

import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import io.jcalico.bgp.server.BgpSpeaker;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Serves {@link BgpGrpcService} on "tcp://host:port" or "unix:///path/to.sock" (epoll needed for
 * unix sockets).
 */
public final class ApiServer implements AutoCloseable {
    private final Server server;
    private final MultiThreadIoEventLoopGroup group;
    private final Path socket;

    private ApiServer(Server server, MultiThreadIoEventLoopGroup group, Path socket) {
        this.server = server;
        this.group = group;
        this.socket = socket;
    }

    public static ApiServer start(String address, BgpSpeaker speaker) throws IOException {
        URI uri = URI.create(address);
        boolean epoll = Epoll.isAvailable();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        NettyServerBuilder b;
        Path socket = null;
        if ("unix".equals(uri.getScheme())) {
            if (!epoll) {
                group.shutdownGracefully();
                throw new IOException("unix sockets need epoll: " + Epoll.unavailabilityCause());
            }
            socket = Path.of(uri.getPath());
            Files.deleteIfExists(socket);
            if (socket.getParent() != null) {
                Files.createDirectories(socket.getParent());
            }
            b = NettyServerBuilder.forAddress(new DomainSocketAddress(socket.toString()))
                    .channelType(EpollServerDomainSocketChannel.class);
        } else if ("tcp".equals(uri.getScheme())) {
            b = NettyServerBuilder.forAddress(new InetSocketAddress(uri.getHost(), uri.getPort()))
                    .channelType(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class);
        } else {
            group.shutdownGracefully();
            throw new IllegalArgumentException("API address must be tcp://host:port or unix:///path: " + address);
        }
        Server server = b.bossEventLoopGroup(group).workerEventLoopGroup(group)
                .addService(new BgpGrpcService(speaker)).build().start();
        return new ApiServer(server, group, socket);
    }

    /** The bound TCP port (tcp:// addresses with port 0). */
    public int port() {
        return server.getPort();
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        if (socket != null) {
            try {
                Files.deleteIfExists(socket);
            } catch (IOException ignored) {
                // best effort
            }
        }
    }
}
