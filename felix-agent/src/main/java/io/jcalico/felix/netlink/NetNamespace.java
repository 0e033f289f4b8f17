package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.CLONE_NEWNET;

import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import jnr.ffi.LastError;
import jnr.ffi.Runtime;

/**
 * A network namespace held open by file descriptor (from {@code /var/run/netns/<name>}, a
 * CNI_NETNS path or {@code /proc/<pid>/ns/net}), or {@link #current()}, the namespace the
 * calling thread is in.
 *
 * <p>How code runs "inside" a namespace: {@link #call} starts a fresh platform thread, which
 * {@code setns()}es itself into the namespace, runs the task and ends. We do not switch the
 * caller's thread in and back: if anything between the two {@code setns} calls failed or the
 * restore itself failed, a pooled thread (a gRPC or Netty worker) would carry on silently in a
 * pod's namespace, programming the wrong kernel. A thread that simply dies cannot leak its
 * namespace; its cost (about 0.1 ms) is small next to creating a veth. Few things need it: a
 * netlink socket stays bound to the namespace it was created in, so {@link Rtnetlink#openIn}
 * enters once to open the socket and every later request runs from any thread; sysctl writes
 * ({@code /proc/sys/net} resolves against the writer's namespace) are batched into one call.
 */
public final class NetNamespace implements AutoCloseable {
  private static final NetNamespace CURRENT = new NetNamespace(null, -1, "current");

  private final LibC libc;
  private final String description;
  private int fd;

  NetNamespace(LibC libc, int fd, String description) {
    this.libc = libc;
    this.fd = fd;
    this.description = description;
  }

  /** The calling thread's namespace: tasks run inline, nothing to close. */
  public static NetNamespace current() {
    return CURRENT;
  }

  public boolean isCurrent() {
    return this == CURRENT;
  }

  /** The open descriptor (for IFLA_NET_NS_FD); not available for {@link #current()}. */
  public int fd() {
    if (isCurrent()) {
      throw new IllegalStateException("the current namespace has no descriptor; open /proc/thread-self/ns/net");
    }
    if (fd < 0) {
      throw new IllegalStateException("namespace " + description + " is closed");
    }
    return fd;
  }

  /** Runs {@code task} with its thread inside this namespace and returns its result. */
  public <T> T call(Callable<T> task) {
    if (isCurrent()) {
      return callInline(task);
    }
    int nsFd = fd();
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker = new Thread(() -> {
      if (libc.setns(nsFd, CLONE_NEWNET) != 0) {
        failure.set(new NetlinkException("setns(" + description + ")",
            LastError.getLastError(Runtime.getRuntime(libc)), null));
        return;
      }
      try {
        result.set(task.call());
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "netns-" + description);
    worker.setDaemon(true);
    worker.start();
    boolean interrupted = false;
    while (true) {
      try {
        worker.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the kernel work cannot be abandoned half way: wait, then re-flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable t = failure.get();
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IllegalStateException("in namespace " + description + ": " + t.getMessage(), t);
    }
    return result.get();
  }

  public void run(Runnable task) {
    call(() -> {
      task.run();
      return null;
    });
  }

  private static <T> T callInline(Callable<T> task) {
    try {
      return task.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (!isCurrent() && fd >= 0) {
      libc.close(fd);
      fd = -1;
    }
  }

  @Override
  public String toString() {
    return "netns " + description;
  }
}
