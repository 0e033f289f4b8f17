package io.jcalico.felix.netlink;

import com.google.common.collect.ImmutableMap;
import java.util.Map;

/** Linux errno numbers (asm-generic/errno*.h) that netlink calls return, with their names. */
public final class Errno {
  private Errno() {}

  public static final int EPERM = 1;
  public static final int ENOENT = 2;
  public static final int ESRCH = 3;
  public static final int EINTR = 4;
  public static final int EBADF = 9;
  public static final int EAGAIN = 11;
  public static final int ENOMEM = 12;
  public static final int EACCES = 13;
  public static final int EBUSY = 16;
  public static final int EEXIST = 17;
  public static final int ENODEV = 19;
  public static final int EINVAL = 22;
  public static final int ERANGE = 34;
  public static final int ENOBUFS = 105;
  public static final int EOPNOTSUPP = 95;
  public static final int EAFNOSUPPORT = 97;
  public static final int EADDRNOTAVAIL = 99;
  public static final int ENETDOWN = 100;
  public static final int ENETUNREACH = 101;
  public static final int EHOSTUNREACH = 113;

  private static final Map<Integer, String> NAMES = ImmutableMap.<Integer, String>builder()
      .put(EPERM, "EPERM").put(ENOENT, "ENOENT").put(ESRCH, "ESRCH").put(EINTR, "EINTR")
      .put(5, "EIO").put(6, "ENXIO").put(7, "E2BIG").put(EBADF, "EBADF").put(EAGAIN, "EAGAIN")
      .put(ENOMEM, "ENOMEM").put(EACCES, "EACCES").put(14, "EFAULT").put(EBUSY, "EBUSY")
      .put(EEXIST, "EEXIST").put(18, "EXDEV").put(ENODEV, "ENODEV").put(20, "ENOTDIR")
      .put(EINVAL, "EINVAL").put(23, "ENFILE").put(24, "EMFILE").put(28, "ENOSPC")
      .put(ERANGE, "ERANGE").put(36, "ENAMETOOLONG").put(38, "ENOSYS").put(39, "ENOTEMPTY")
      .put(61, "ENODATA").put(71, "EPROTO").put(90, "EMSGSIZE").put(92, "ENOPROTOOPT")
      .put(93, "EPROTONOSUPPORT").put(EOPNOTSUPP, "EOPNOTSUPP").put(EAFNOSUPPORT, "EAFNOSUPPORT")
      .put(98, "EADDRINUSE").put(EADDRNOTAVAIL, "EADDRNOTAVAIL").put(ENETDOWN, "ENETDOWN")
      .put(ENETUNREACH, "ENETUNREACH").put(ENOBUFS, "ENOBUFS").put(107, "ENOTCONN")
      .put(110, "ETIMEDOUT").put(111, "ECONNREFUSED").put(EHOSTUNREACH, "EHOSTUNREACH")
      .put(114, "EALREADY")
      .build();

  /** The symbolic name, or {@code errno <n>} for a number not in the table. */
  public static String name(int errno) {
    return NAMES.getOrDefault(errno, "errno " + errno);
  }
}
