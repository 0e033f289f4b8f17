package io.jcalico.bgp.fsm;

/**
 * Opens the TCP connection to a peer. The implementation reports back on the peer's event loop with
 * {@link PeerFsm#connectionUp(io.netty.channel.Channel, boolean)} or
 * {@link PeerFsm#connectFailed(String)}.
 */
@FunctionalInterface
public interface Connector {
    void connect(PeerFsm peer);
}
