package io.jcalico.bgp.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.server.BgpSpeaker;
import io.jcalico.proto.bgp.AddPathRequest;
import io.jcalico.proto.bgp.AddressFamily;
import io.jcalico.proto.bgp.BestPathEvent;
import io.jcalico.proto.bgp.BgpServiceGrpc;
import io.jcalico.proto.bgp.DeletePathRequest;
import io.jcalico.proto.bgp.ListPeersRequest;
import io.jcalico.proto.bgp.ListRibRequest;
import io.jcalico.proto.bgp.Path;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.ResetPeerRequest;
import io.jcalico.proto.bgp.RibTable;
import io.jcalico.proto.bgp.SessionState;
import io.jcalico.proto.bgp.WatchBestPathsRequest;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.unix.DomainSocketAddress;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gRPC API against a real speaker, over TCP and over a unix socket. */
class BgpGrpcServiceTest {
    BgpSpeaker speaker;
    ApiServer api;
    ManagedChannel channel;

    @BeforeEach
    void start() throws Exception {
        speaker = BgpSpeaker.start(SpeakerConfig.of("198.18.0.1", 65001, "127.0.78.11", 0)
                .withNeighbor(NeighborConfig.of("127.0.78.12", 179, 65002).withPassive(true)));
    }

    @AfterEach
    void stop() {
        if (channel != null) {
            channel.shutdownNow();
        }
        if (api != null) {
            api.close();
        }
        speaker.close();
    }

    BgpServiceGrpc.BgpServiceBlockingStub tcp() throws Exception {
        api = ApiServer.start("tcp://127.0.0.1:0", speaker);
        channel = NettyChannelBuilder.forAddress("127.0.0.1", api.port()).usePlaintext().build();
        return BgpServiceGrpc.newBlockingStub(channel);
    }

    @Test
    void pathsCanBeAddedListedWatchedAndDeleted() throws Exception {
        BgpServiceGrpc.BgpServiceBlockingStub stub = tcp();
        stub.addPath(AddPathRequest.newBuilder().setPath(Path.newBuilder().setPrefix("198.18.64.0/26")
                .addCommunities("65001:7").setLocalPref(200)).build());
        Iterator<BestPathEvent> watch = stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                .watchBestPaths(WatchBestPathsRequest.newBuilder().setFamily(AddressFamily.IPV4_UNICAST).build());
        BestPathEvent first = watch.next();
        assertThat(first.getKind()).isEqualTo(BestPathEvent.Kind.UPDATE);
        assertThat(first.getPath().getPrefix()).isEqualTo("198.18.64.0/26");
        assertThat(watch.next().getKind()).isEqualTo(BestPathEvent.Kind.END_OF_INITIAL_TABLE);

        var rib = stub.listRib(ListRibRequest.newBuilder().setTable(RibTable.LOC_RIB).build());
        assertThat(rib.getPathsList()).singleElement().satisfies(p -> {
            assertThat(p.getBest()).isTrue();
            assertThat(p.getLocalPref()).isEqualTo(200);
            assertThat(p.getCommunitiesList()).containsExactly("65001:7");
            assertThat(p.getSourcePeer()).isEmpty();
        });

        stub.deletePath(DeletePathRequest.newBuilder().setPrefix("198.18.64.0/26").build());
        BestPathEvent gone = watch.next();
        assertThat(gone.getKind()).isEqualTo(BestPathEvent.Kind.WITHDRAW);
        assertThat(gone.getPath().getPrefix()).isEqualTo("198.18.64.0/26");
        assertThat(stub.listRib(ListRibRequest.getDefaultInstance()).getPathsCount()).isZero();
    }

    @Test
    void peersAreListedWithStateAndBadRequestsAreRefused() throws Exception {
        BgpServiceGrpc.BgpServiceBlockingStub stub = tcp();
        PeerStatus p = stub.listPeers(ListPeersRequest.getDefaultInstance()).getPeers(0);
        assertThat(p.getConfig().getAddress()).isEqualTo("127.0.78.12");
        assertThat(p.getConfig().getPeerAs()).isEqualTo(65002);
        assertThat(p.getState()).isEqualTo(SessionState.ACTIVE);
        assertThatThrownBy(() -> stub.addPath(AddPathRequest.newBuilder().setPath(Path.newBuilder().setPrefix("nonsense")).build()))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("INVALID_ARGUMENT");
        assertThatThrownBy(() -> stub.listRib(ListRibRequest.newBuilder().setTable(RibTable.ADJ_RIB_IN).setPeer("127.9.9.9").build()))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("unknown peer");
        assertThat(stub.resetPeer(ResetPeerRequest.newBuilder().setAddress("127.0.78.12").build())).isNotNull();
        assertThatThrownBy(() -> stub.resetPeer(ResetPeerRequest.newBuilder().setAddress("127.9.9.9").build()))
                .isInstanceOf(StatusRuntimeException.class).hasMessageContaining("NOT_FOUND");
    }

    @Test
    void servesOnAUnixSocket() throws Exception {
        java.nio.file.Path dir = Files.createTempDirectory("bgp-api");
        java.nio.file.Path sock = dir.resolve("bgp.sock");
        api = ApiServer.start("unix://" + sock, speaker);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        try {
            channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(sock.toString()))
                    .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).usePlaintext().build();
            assertThat(BgpServiceGrpc.newBlockingStub(channel).listPeers(ListPeersRequest.getDefaultInstance()).getPeersCount())
                    .isEqualTo(1);
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS);
            channel = null;
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            api.close();
            api = null;
            Files.deleteIfExists(dir);
        }
        assertThat(sock).doesNotExist();
    }
}
