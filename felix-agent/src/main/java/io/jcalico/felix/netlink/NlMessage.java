package io.jcalico.felix.netlink;

import java.nio.ByteBuffer;

/**
 * One netlink message as framed by {@link NetlinkFrames}: the {@code nlmsghdr} fields and the
 * payload after the 16-byte header (a read-only, native-order view; position 0).
 */
public record NlMessage(int type, int flags, int seq, int pid, ByteBuffer payload) {
  public boolean hasFlag(int flag) {
    return (flags & flag) != 0;
  }
}
