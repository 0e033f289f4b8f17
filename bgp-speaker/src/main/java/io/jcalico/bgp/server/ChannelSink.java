package io.jcalico.bgp.server;

import io.jcalico.bgp.codec.BgpMessageWriter;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.RouteRefresh;
import io.jcalico.bgp.codec.UpdatePacker;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.jcalico.bgp.fsm.PeerFsm;
import io.jcalico.bgp.rib.RibSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * The RIB's view of an established session: packs UPDATEs into one growing buffer per flush and
 * hands it to the channel in chunks of about 64 KiB, so a large table goes out in few writes.
 */
final class ChannelSink implements RibSink {
    private static final int CHUNK = 64 * 1024;

    private final PeerFsm fsm;
    private final Channel channel;
    private final CodecOptions options;
    private ByteBuf buf;
    private int messages;

    ChannelSink(PeerFsm fsm, Channel channel) {
        this.fsm = fsm;
        this.channel = channel;
        CodecOptions o = channel.attr(CodecOptions.KEY).get();
        this.options = o == null ? CodecOptions.DEFAULT : o;
    }

    private ByteBuf buffer() {
        if (buf == null) {
            buf = channel.alloc().ioBuffer(CHUNK + 8192);
        }
        return buf;
    }

    private void spill(boolean force) {
        if (buf != null && (force || buf.readableBytes() >= CHUNK)) {
            fsm.sendEncoded(buf, messages);
            buf = null;
            messages = 0;
        }
    }

    @Override
    public boolean ready() {
        return fsm.channel() == channel && channel.isWritable();
    }

    @Override
    public void announce(AttributeSet attributes, PrefixList prefixes) {
        messages += UpdatePacker.announce(attributes, prefixes, options, buffer());
        spill(false);
    }

    @Override
    public void withdraw(PrefixList prefixes) {
        messages += UpdatePacker.withdraw(prefixes, options, buffer());
        spill(false);
    }

    @Override
    public void endOfRib(AddressFamily family) {
        UpdatePacker.endOfRib(family, options, buffer());
        messages++;
    }

    @Override
    public void beginOfRefresh(AddressFamily family) {
        marker(new RouteRefresh(family, RouteRefresh.BEGIN_OF_RR));
    }

    @Override
    public void endOfRefresh(AddressFamily family) {
        marker(new RouteRefresh(family, RouteRefresh.END_OF_RR));
    }

    /** Into the same buffer as the UPDATEs around it, so nothing overtakes it. */
    private void marker(RouteRefresh rr) {
        BgpMessageWriter.write(rr, options, buffer());
    }

    @Override
    public void flush() {
        spill(true);
        fsm.flush();
    }
}
