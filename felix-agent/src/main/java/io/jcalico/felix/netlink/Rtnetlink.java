package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.O_CLOEXEC;
import static io.jcalico.felix.netlink.NetlinkConstants.O_RDONLY;

import java.nio.file.Path;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.Runtime;

/**
 * Entry point to the kernel: opens {@link Netlink} handles and {@link NetNamespace}s. Like
 * Netty's {@code Epoll}, it probes once whether the native path works here (libc loads through
 * jnr-ffi and a NETLINK_ROUTE socket opens) and says why not, instead of failing at first use.
 */
public final class Rtnetlink {
  private static final LibC LIBC;
  private static final Throwable UNAVAILABILITY_CAUSE;

  static {
    LibC libc = null;
    Throwable cause = null;
    try {
      if (!Platform.getNativePlatform().getOS().equals(Platform.OS.LINUX)) {
        throw new UnsupportedOperationException("rtnetlink needs Linux, not " + Platform.getNativePlatform().getOS());
      }
      libc = LibraryLoader.create(LibC.class).failImmediately()
          .load(Platform.getNativePlatform().getStandardCLibraryName());
      NetlinkSocket.open(libc).close();
    } catch (Throwable t) {
      cause = t;
      libc = null;
    }
    LIBC = libc;
    UNAVAILABILITY_CAUSE = cause;
  }

  private Rtnetlink() {}

  public static boolean isAvailable() {
    return UNAVAILABILITY_CAUSE == null;
  }

  /** Why {@link #isAvailable()} is false, or {@code null}. */
  public static Throwable unavailabilityCause() {
    return UNAVAILABILITY_CAUSE;
  }

  public static void ensureAvailability() {
    if (UNAVAILABILITY_CAUSE != null) {
      throw new UnsupportedOperationException("rtnetlink is not available: " + UNAVAILABILITY_CAUSE,
          UNAVAILABILITY_CAUSE);
    }
  }

  /** A handle on the calling thread's network namespace (normally the host's). */
  public static Netlink open() {
    ensureAvailability();
    return new JnrNetlink(NetlinkSocket.open(LIBC), "current");
  }

  /** A handle whose socket lives in {@code ns}; usable from any thread afterwards. */
  public static Netlink openIn(NetNamespace ns) {
    if (ns.isCurrent()) {
      return open();
    }
    ensureAvailability();
    return ns.call(() -> new JnrNetlink(NetlinkSocket.open(LIBC), ns.toString()));
  }

  /**
   * Opens a namespace file ({@code /var/run/netns/x}, {@code /proc/<pid>/ns/net}); ENOENT if the
   * path does not exist.
   */
  public static NetNamespace openNamespace(Path path) {
    ensureAvailability();
    int fd = LIBC.open(path.toString(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      throw new NetlinkException("open " + path, LastError.getLastError(Runtime.getRuntime(LIBC)), null);
    }
    return new NetNamespace(LIBC, fd, path.toString());
  }
}
