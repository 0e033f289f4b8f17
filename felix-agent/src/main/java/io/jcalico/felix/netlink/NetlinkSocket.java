package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * One NETLINK_ROUTE socket, bound to the network namespace of the thread that opened it (the
 * kernel fixes a socket's namespace at creation, whichever thread uses it later). Requests go
 * one at a time (callers serialize): stamp a sequence number, send, read until the matching
 * ACK / reply / NLMSG_DONE. Replies with another sequence number (left over from a request that
 * failed half way) are skipped.
 */
final class NetlinkSocket implements AutoCloseable {
  /** Enough for any dump part: the kernel sizes dump skbs to at most 32 KiB. */
  private static final int RECV_BUFFER = 64 * 1024;
  private static final int DUMP_ATTEMPTS = 5;

  private final LibC libc;
  private final Runtime runtime;
  private final int fd;
  private final ByteBuffer recvBuf = ByteBuffer.allocateDirect(RECV_BUFFER).order(ByteOrder.nativeOrder());
  private final ByteBuffer kernelAddr;
  private ByteBuffer sendBuf = ByteBuffer.allocateDirect(4096).order(ByteOrder.nativeOrder());
  private int seq = (int) (System.nanoTime() & 0x3fffffff);
  private boolean closed;

  private NetlinkSocket(LibC libc, int fd) {
    this.libc = libc;
    this.runtime = Runtime.getRuntime(libc);
    this.fd = fd;
    this.kernelAddr = sockaddrNl(0);
  }

  /** Opens and binds a socket in the calling thread's current network namespace. */
  static NetlinkSocket open(LibC libc) {
    Runtime rt = Runtime.getRuntime(libc);
    int fd = libc.socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
    if (fd < 0) {
      throw new NetlinkException("socket(AF_NETLINK, NETLINK_ROUTE)", LastError.getLastError(rt), null);
    }
    try {
      ByteBuffer local = sockaddrNl(0);
      check(rt, libc.bind(fd, local, local.capacity()), "bind(AF_NETLINK)");
      // Best effort: older kernels lack these, and then errors simply carry less detail.
      setIntOption(libc, fd, SOL_NETLINK, NETLINK_EXT_ACK, 1);
      setIntOption(libc, fd, SOL_NETLINK, NETLINK_CAP_ACK, 1);
      setIntOption(libc, fd, SOL_SOCKET, SO_RCVBUF, 1 << 20);
    } catch (RuntimeException e) {
      libc.close(fd);
      throw e;
    }
    return new NetlinkSocket(libc, fd);
  }

  private static ByteBuffer sockaddrNl(int pid) {
    // struct sockaddr_nl { u16 nl_family; u16 nl_pad; u32 nl_pid; u32 nl_groups; }
    return ByteBuffer.allocateDirect(12).order(ByteOrder.nativeOrder())
        .putShort(0, (short) AF_NETLINK).putInt(4, pid).putInt(8, 0);
  }

  private static void setIntOption(LibC libc, int fd, int level, int name, int value) {
    ByteBuffer v = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putInt(0, value);
    libc.setsockopt(fd, level, name, v, 4);
  }

  private static void check(Runtime rt, int rc, String what) {
    if (rc < 0) {
      throw new NetlinkException(what, LastError.getLastError(rt), null);
    }
  }

  /** Sends a request that asked for an ACK; throws the kernel's error if it refused. */
  synchronized void execute(ByteBuffer request, String operation) {
    int s = send(request, operation);
    for (;;) {
      for (NlMessage m : receive(operation)) {
        if (m.seq() != s) {
          continue;
        }
        if (m.type() == NLMSG_ERROR) {
          throwIfError(m, operation);
          return;
        }
      }
    }
  }

  /** Sends a GET for one object; returns its reply, or throws (ENODEV etc.). */
  synchronized NlMessage get(ByteBuffer request, String operation) {
    int s = send(request, operation);
    for (;;) {
      for (NlMessage m : receive(operation)) {
        if (m.seq() != s) {
          continue;
        }
        if (m.type() == NLMSG_ERROR) {
          throwIfError(m, operation);
          throw new MalformedNetlinkMessageException(operation + ": ACK instead of a reply");
        }
        return m;
      }
    }
  }

  /**
   * Sends a dump request and collects every part up to NLMSG_DONE. A dump the kernel flags as
   * interrupted (the table changed under it, NLM_F_DUMP_INTR) is thrown away and redone.
   */
  synchronized List<NlMessage> dump(ByteBuffer request, String operation) {
    for (int attempt = 1; ; attempt++) {
      int s = send(request, operation);
      List<NlMessage> parts = new ArrayList<>();
      boolean interrupted = false;
      boolean done = false;
      while (!done) {
        for (NlMessage m : receive(operation)) {
          if (m.seq() != s) {
            continue;
          }
          interrupted |= m.hasFlag(NLM_F_DUMP_INTR);
          switch (m.type()) {
            case NLMSG_DONE -> {
              int errno = NetlinkFrames.doneErrno(m);
              if (errno != 0) {
                throw new NetlinkException(operation, errno, null);
              }
              done = true;
            }
            case NLMSG_ERROR -> throwIfError(m, operation);
            case NLMSG_NOOP, NLMSG_OVERRUN -> { }
            default -> parts.add(m);
          }
        }
      }
      if (!interrupted || attempt >= DUMP_ATTEMPTS) {
        return parts;
      }
    }
  }

  private static void throwIfError(NlMessage m, String operation) {
    NetlinkFrames.Ack ack = NetlinkFrames.parseError(m);
    if (!ack.isSuccess()) {
      throw new NetlinkException(operation, ack.errno(), ack.kernelMessage());
    }
  }

  private int send(ByteBuffer request, String operation) {
    ensureOpen();
    int len = request.remaining();
    if (sendBuf.capacity() < len) {
      sendBuf = ByteBuffer.allocateDirect(Integer.highestOneBit(len) * 2).order(ByteOrder.nativeOrder());
    }
    sendBuf.clear();
    sendBuf.put(request.duplicate());
    int s = nextSeq();
    sendBuf.putInt(8, s);
    sendBuf.flip();
    long n = retryOnEintr(() -> (int) libc.sendto(fd, sendBuf, len, 0, kernelAddr, kernelAddr.capacity()));
    if (n < 0) {
      throw new NetlinkException(operation + ": sendto", LastError.getLastError(runtime), null);
    }
    return s;
  }

  private List<NlMessage> receive(String operation) {
    recvBuf.clear();
    long n = retryOnEintr(() -> (int) libc.recv(fd, recvBuf, RECV_BUFFER, MSG_TRUNC));
    if (n < 0) {
      throw new NetlinkException(operation + ": recv", LastError.getLastError(runtime), null);
    }
    if (n > RECV_BUFFER) {
      throw new MalformedNetlinkMessageException(operation + ": reply of " + n + " bytes truncated");
    }
    // Copy out: decoded messages are views, and the next recv reuses the direct buffer.
    byte[] datagram = new byte[(int) n];
    recvBuf.get(0, datagram);
    return NetlinkFrames.split(ByteBuffer.wrap(datagram).order(ByteOrder.nativeOrder()));
  }

  private int retryOnEintr(IntSupplier call) {
    for (;;) {
      int rc = call.getAsInt();
      if (rc >= 0 || LastError.getLastError(runtime) != Errno.EINTR) {
        return rc;
      }
    }
  }

  private int nextSeq() {
    seq = seq == Integer.MAX_VALUE ? 1 : seq + 1;
    return seq;
  }

  private void ensureOpen() {
    if (closed) {
      throw new IllegalStateException("netlink socket closed");
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      libc.close(fd);
    }
  }
}
