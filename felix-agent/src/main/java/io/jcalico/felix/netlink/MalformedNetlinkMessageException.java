package io.jcalico.felix.netlink;

/** Bytes from the kernel that do not parse as netlink: a bug on one side, never retried. */
public final class MalformedNetlinkMessageException extends RuntimeException {
  public MalformedNetlinkMessageException(String message) {
    super(message);
  }
}
