package io.jcalico.bgp.api;

import inet.ipaddr.IPAddress;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.rib.BestPathListener;
import io.jcalico.bgp.rib.RibPeer;
import io.jcalico.bgp.server.BgpSpeaker;
import io.jcalico.proto.bgp.AddPathRequest;
import io.jcalico.proto.bgp.AddPathResponse;
import io.jcalico.proto.bgp.AddPeerRequest;
import io.jcalico.proto.bgp.AddPeerResponse;
import io.jcalico.proto.bgp.BestPathEvent;
import io.jcalico.proto.bgp.BgpServiceGrpc;
import io.jcalico.proto.bgp.DeletePathRequest;
import io.jcalico.proto.bgp.DeletePathResponse;
import io.jcalico.proto.bgp.DeletePeerRequest;
import io.jcalico.proto.bgp.DeletePeerResponse;
import io.jcalico.proto.bgp.ListPeersRequest;
import io.jcalico.proto.bgp.ListPeersResponse;
import io.jcalico.proto.bgp.ListRibRequest;
import io.jcalico.proto.bgp.ListRibResponse;
import io.jcalico.proto.bgp.ResetPeerRequest;
import io.jcalico.proto.bgp.ResetPeerResponse;
import io.jcalico.proto.bgp.SoftResetRequest;
import io.jcalico.proto.bgp.SoftResetResponse;
import io.jcalico.proto.bgp.WatchBestPathsRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

/** The gRPC BgpService on top of a {@link BgpSpeaker}: a thin adapter, all logic stays in the speaker. */
public final class BgpGrpcService extends BgpServiceGrpc.BgpServiceImplBase {
    private final BgpSpeaker speaker;

    public BgpGrpcService(BgpSpeaker speaker) {
        this.speaker = speaker;
    }

    private static <T, R> void reply(CompletableFuture<T> f, Function<T, R> map, StreamObserver<R> out) {
        f.whenComplete((v, e) -> {
            Throwable failure = e;
            R result = null;
            if (failure == null) {
                try {
                    result = map.apply(v);
                } catch (RuntimeException mapped) {
                    failure = mapped; // a refusal (StatusRuntimeException) or a bug: never leave the call hanging
                }
            }
            if (failure == null) {
                out.onNext(result);
                out.onCompleted();
                return;
            }
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof StatusRuntimeException refused) {
                out.onError(refused);
            } else {
                Status s = cause instanceof IllegalArgumentException ? Status.INVALID_ARGUMENT : Status.INTERNAL;
                out.onError(s.withDescription(cause.getMessage()).asRuntimeException());
            }
        });
    }

    private static <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> s) {
        try {
            return s.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public void listPeers(ListPeersRequest req, StreamObserver<ListPeersResponse> out) {
        reply(speaker.peers(), peers -> {
            ListPeersResponse.Builder b = ListPeersResponse.newBuilder();
            peers.stream().filter(p -> req.getAddress().isEmpty() || p.config().address().equals(req.getAddress()))
                    .forEach(p -> b.addPeers(ProtoMapping.peerStatus(p)));
            return b.build();
        }, out);
    }

    @Override
    public void addPeer(AddPeerRequest req, StreamObserver<AddPeerResponse> out) {
        reply(guarded(() -> speaker.addNeighbor(ProtoMapping.neighbor(req.getPeer()))),
                v -> AddPeerResponse.getDefaultInstance(), out);
    }

    @Override
    public void deletePeer(DeletePeerRequest req, StreamObserver<DeletePeerResponse> out) {
        reply(guarded(() -> speaker.removeNeighbor(req.getAddress())), v -> DeletePeerResponse.getDefaultInstance(), out);
    }

    @Override
    public void addPath(AddPathRequest req, StreamObserver<AddPathResponse> out) {
        reply(guarded(() -> speaker.originate(ProtoMapping.prefix(req.getPath().getPrefix()),
                ProtoMapping.attributes(req.getPath()))), v -> AddPathResponse.getDefaultInstance(), out);
    }

    @Override
    public void deletePath(DeletePathRequest req, StreamObserver<DeletePathResponse> out) {
        reply(guarded(() -> speaker.withdraw(ProtoMapping.prefix(req.getPrefix()))),
                v -> DeletePathResponse.getDefaultInstance(), out);
    }

    @Override
    public void listRib(ListRibRequest req, StreamObserver<ListRibResponse> out) {
        IPAddress filter = req.getPrefix().isEmpty() ? null : ProtoMapping.prefix(req.getPrefix());
        reply(guarded(() -> speaker.query(rib -> {
            ListRibResponse.Builder b = ListRibResponse.newBuilder();
            RibPeer peer = req.getPeer().isEmpty() ? null : speaker.ribPeer(req.getPeer());
            if (req.getTable() != io.jcalico.proto.bgp.RibTable.LOC_RIB && req.getTable() != io.jcalico.proto.bgp.RibTable.RIB_TABLE_UNSPECIFIED
                    && peer == null) {
                throw new IllegalArgumentException("unknown peer " + req.getPeer());
            }
            for (AddressFamily f : ProtoMapping.families(req.getFamily())) {
                switch (req.getTable()) {
                    case ADJ_RIB_IN -> rib.adjRibIn(peer, f, e -> {
                        if (covered(filter, e.prefix())) {
                            b.addPaths(ProtoMapping.path(e.prefix(), e.path(), e.best()));
                        }
                    });
                    case ADJ_RIB_OUT -> rib.adjRibOut(peer, f, e -> {
                        if (covered(filter, e.prefix())) {
                            b.addPaths(ProtoMapping.path(e.prefix(), e.attributes(), "", true, false));
                        }
                    });
                    default -> rib.locRib(f, e -> {
                        if (covered(filter, e.prefix())) {
                            b.addPaths(ProtoMapping.path(e.prefix(), e.path(), e.best()));
                        }
                    });
                }
            }
            return b.build();
        })), r -> r, out);
    }

    private static boolean covered(IPAddress filter, IPAddress prefix) {
        return filter == null || filter.getIPVersion() == prefix.getIPVersion() && filter.contains(prefix);
    }

    @Override
    public void watchBestPaths(WatchBestPathsRequest req, StreamObserver<BestPathEvent> out) {
        var families = ProtoMapping.families(req.getFamily());
        BestPathListener l = (f, prefix, best) -> {
            if (families.contains(f)) {
                out.onNext(best == null
                        ? BestPathEvent.newBuilder().setKind(BestPathEvent.Kind.WITHDRAW)
                                .setPath(io.jcalico.proto.bgp.Path.newBuilder().setPrefix(prefix.toCanonicalString())).build()
                        : BestPathEvent.newBuilder().setKind(BestPathEvent.Kind.UPDATE)
                                .setPath(ProtoMapping.path(prefix, best, true)).build());
            }
        };
        // The current table and the subscription in one step on the speaker's thread: no gap, no overlap.
        speaker.query(rib -> {
            for (AddressFamily f : families) {
                rib.locRib(f, e -> {
                    if (e.best()) {
                        out.onNext(BestPathEvent.newBuilder().setKind(BestPathEvent.Kind.UPDATE)
                                .setPath(ProtoMapping.path(e.prefix(), e.path(), true)).build());
                    }
                });
            }
            out.onNext(BestPathEvent.newBuilder().setKind(BestPathEvent.Kind.END_OF_INITIAL_TABLE).build());
            rib.addListener(l);
            return null;
        });
        if (out instanceof ServerCallStreamObserver<BestPathEvent> s) {
            s.setOnCancelHandler(() -> speaker.removeBestPathListener(l));
        }
    }

    @Override
    public void softReset(SoftResetRequest req, StreamObserver<SoftResetResponse> out) {
        reply(guarded(() -> speaker.softReset(req.getAddress(), req.getInbound() || !req.getOutbound(),
                req.getOutbound() || !req.getInbound())), ok -> {
                    if (!ok) {
                        throw Status.FAILED_PRECONDITION.withDescription("peer not established: " + req.getAddress())
                                .asRuntimeException();
                    }
                    return SoftResetResponse.getDefaultInstance();
                }, out);
    }

    @Override
    public void resetPeer(ResetPeerRequest req, StreamObserver<ResetPeerResponse> out) {
        reply(guarded(() -> speaker.resetNeighbor(req.getAddress())), known -> {
            if (!known) {
                throw Status.NOT_FOUND.withDescription("no peer " + req.getAddress()).asRuntimeException();
            }
            return ResetPeerResponse.getDefaultInstance();
        }, out);
    }
}
