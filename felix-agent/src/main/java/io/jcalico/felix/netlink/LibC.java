package io.jcalico.felix.netlink;

import java.nio.ByteBuffer;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The few libc calls the kernel layer needs, bound by jnr-ffi. Buffers must be direct: jnr
 * passes their address (plus position) without copying. Every call saves errno. Public only
 * because jnr-ffi generates the implementation in its own class loader; not an API.
 */
public interface LibC {
  @SaveError
  int socket(int domain, int type, int protocol);

  @SaveError
  int bind(int fd, @In ByteBuffer addr, int addrlen);

  @SaveError
  int setsockopt(int fd, int level, int optname, @In ByteBuffer optval, int optlen);

  @SaveError
  @ssize_t
  long sendto(int fd, @In ByteBuffer buf, @size_t long len, int flags, @In ByteBuffer addr, int addrlen);

  @SaveError
  @ssize_t
  long recv(int fd, @Out ByteBuffer buf, @size_t long len, int flags);

  @SaveError
  int open(CharSequence path, int flags);

  @SaveError
  int close(int fd);

  /** Moves the calling thread (only it) into the namespace behind {@code fd}. */
  @SaveError
  int setns(int fd, int nstype);
}
