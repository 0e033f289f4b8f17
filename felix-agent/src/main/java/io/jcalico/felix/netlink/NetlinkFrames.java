package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.NLMSGERR_ATTR_MSG;
import static io.jcalico.felix.netlink.NetlinkConstants.NLMSG_HDRLEN;
import static io.jcalico.felix.netlink.NetlinkConstants.NLM_F_ACK_TLVS;
import static io.jcalico.felix.netlink.NetlinkConstants.NLM_F_CAPPED;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Frame first, parse second: splits one datagram read from a netlink socket into messages,
 * checking every length against what was received, and decodes NLMSG_ERROR / NLMSG_DONE.
 */
public final class NetlinkFrames {
  private NetlinkFrames() {}

  /** NLMSG_ALIGN / RTA_ALIGN: lengths round up to 4 bytes. */
  static int align(int len) {
    return (len + 3) & ~3;
  }

  /** The messages in {@code datagram} (position to limit), in order. */
  public static List<NlMessage> split(ByteBuffer datagram) {
    ByteBuffer in = datagram.duplicate().order(ByteOrder.nativeOrder());
    List<NlMessage> out = new ArrayList<>();
    while (in.remaining() >= NLMSG_HDRLEN) {
      int start = in.position();
      int len = in.getInt(start);
      if (len < NLMSG_HDRLEN || len > in.remaining()) {
        throw new MalformedNetlinkMessageException(
            "nlmsg_len " + len + " with " + in.remaining() + " bytes left");
      }
      int type = in.getShort(start + 4) & 0xffff;
      int flags = in.getShort(start + 6) & 0xffff;
      int seq = in.getInt(start + 8);
      int pid = in.getInt(start + 12);
      ByteBuffer payload = in.duplicate().position(start + NLMSG_HDRLEN).limit(start + len)
          .slice().order(ByteOrder.nativeOrder()).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
      out.add(new NlMessage(type, flags, seq, pid, payload));
      in.position(Math.min(in.limit(), start + align(len)));
    }
    if (in.hasRemaining()) {
      throw new MalformedNetlinkMessageException(in.remaining() + " trailing bytes after the last message");
    }
    return out;
  }

  /**
   * An NLMSG_ERROR payload: {@code int error} (0 = ack, else minus errno), then the request's
   * header (capped) or whole request, then extended-ack attributes when flagged.
   */
  public record Ack(int errno, String kernelMessage) {
    public boolean isSuccess() {
      return errno == 0;
    }
  }

  public static Ack parseError(NlMessage msg) {
    ByteBuffer p = msg.payload();
    if (p.remaining() < 4) {
      throw new MalformedNetlinkMessageException("NLMSG_ERROR shorter than its error code");
    }
    int errno = -p.getInt(0);
    String text = null;
    if (msg.hasFlag(NLM_F_ACK_TLVS) && p.remaining() >= 4 + NLMSG_HDRLEN) {
      int echoed = msg.hasFlag(NLM_F_CAPPED) ? NLMSG_HDRLEN : align(p.getInt(4));
      int attrsAt = 4 + echoed;
      if (attrsAt <= p.remaining()) {
        RtAttributes tlvs = RtAttributes.parse(p.duplicate().position(attrsAt).slice());
        text = tlvs.string(NLMSGERR_ATTR_MSG);
      }
    }
    return new Ack(errno, text);
  }

  /** NLMSG_DONE may carry an int error (a dump that failed part way); 0 otherwise. */
  public static int doneErrno(NlMessage msg) {
    ByteBuffer p = msg.payload();
    return p.remaining() >= 4 ? Math.max(0, -p.getInt(0)) : 0;
  }
}
