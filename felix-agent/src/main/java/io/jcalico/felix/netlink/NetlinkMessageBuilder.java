package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.NLM_F_REQUEST;
import static io.jcalico.felix.netlink.NetlinkConstants.RTA_HDRLEN;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Writes one netlink request: the {@code nlmsghdr}, a fixed family header and {@code rtattr}s,
 * with 4-byte alignment and nested attributes whose length is patched when they close. Pure
 * Java over a heap buffer in native byte order (netlink is host-endian); the sequence number is
 * left 0 for the socket to stamp.
 */
final class NetlinkMessageBuilder {
  private ByteBuffer buf = ByteBuffer.allocate(256).order(ByteOrder.nativeOrder());

  private NetlinkMessageBuilder(int type, int flags) {
    buf.putInt(0); // nlmsg_len, patched in build()
    buf.putShort((short) type);
    buf.putShort((short) (flags | NLM_F_REQUEST));
    buf.putInt(0); // nlmsg_seq, stamped by the socket
    buf.putInt(0); // nlmsg_pid: 0, the kernel assigns ours
  }

  static NetlinkMessageBuilder request(int type, int flags) {
    return new NetlinkMessageBuilder(type, flags);
  }

  NetlinkMessageBuilder u8(int v) {
    ensure(1).put((byte) v);
    return this;
  }

  NetlinkMessageBuilder u16(int v) {
    ensure(2).putShort((short) v);
    return this;
  }

  NetlinkMessageBuilder u32(int v) {
    ensure(4).putInt(v);
    return this;
  }

  NetlinkMessageBuilder zeros(int n) {
    ensure(n).put(new byte[n]);
    return this;
  }

  NetlinkMessageBuilder attr(int type, byte[] value) {
    ensure(RTA_HDRLEN + value.length + 3);
    buf.putShort((short) (RTA_HDRLEN + value.length)).putShort((short) type).put(value);
    return pad();
  }

  NetlinkMessageBuilder attrU8(int type, int v) {
    return attr(type, new byte[] {(byte) v});
  }

  NetlinkMessageBuilder attrU32(int type, int v) {
    return attr(type, ByteBuffer.allocate(4).order(ByteOrder.nativeOrder()).putInt(v).array());
  }

  /** A NUL-terminated string attribute, as iproute2 writes names. */
  NetlinkMessageBuilder attrString(int type, String s) {
    byte[] raw = s.getBytes(UTF_8);
    byte[] withNul = new byte[raw.length + 1];
    System.arraycopy(raw, 0, withNul, 0, raw.length);
    return attr(type, withNul);
  }

  /** Opens a nested attribute; returns the mark to pass to {@link #endNested}. */
  int beginNested(int type) {
    ensure(RTA_HDRLEN);
    int mark = buf.position();
    buf.putShort((short) 0).putShort((short) type);
    return mark;
  }

  NetlinkMessageBuilder endNested(int mark) {
    buf.putShort(mark, (short) (buf.position() - mark));
    return this;
  }

  /** The finished message, length field set; a fresh read-only buffer at position 0. */
  ByteBuffer build() {
    ByteBuffer out = ByteBuffer.wrap(Arrays.copyOf(buf.array(), buf.position()))
        .order(ByteOrder.nativeOrder());
    out.putInt(0, out.limit());
    return out.asReadOnlyBuffer().order(ByteOrder.nativeOrder());
  }

  private NetlinkMessageBuilder pad() {
    int aligned = NetlinkFrames.align(buf.position());
    ensure(aligned - buf.position());
    while (buf.position() < aligned) {
      buf.put((byte) 0);
    }
    return this;
  }

  private ByteBuffer ensure(int more) {
    if (buf.remaining() < more) {
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(buf.capacity() * 2, buf.position() + more))
          .order(ByteOrder.nativeOrder());
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
    return buf;
  }
}
