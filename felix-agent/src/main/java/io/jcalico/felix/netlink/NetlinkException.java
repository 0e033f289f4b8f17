package io.jcalico.felix.netlink;

/**
 * A kernel call failed with an errno: either the netlink error reply to a request or a failed
 * syscall on the socket. Carries the errno, its name and, when the kernel gave one, the
 * extended-ack text, so callers can branch on {@link #errno()} (EEXIST, ENODEV, ...).
 */
public class NetlinkException extends RuntimeException {
  private final int errno;
  private final String kernelMessage;

  public NetlinkException(String operation, int errno, String kernelMessage) {
    super(operation + ": " + Errno.name(errno)
        + (kernelMessage == null || kernelMessage.isEmpty() ? "" : " (" + kernelMessage + ")"));
    this.errno = errno;
    this.kernelMessage = kernelMessage;
  }

  /** The positive errno value. */
  public int errno() {
    return errno;
  }

  public String errnoName() {
    return Errno.name(errno);
  }

  /** The kernel's extended-ack message, or {@code null}. */
  public String kernelMessage() {
    return kernelMessage;
  }

  public boolean is(int expected) {
    return errno == expected;
  }
}
