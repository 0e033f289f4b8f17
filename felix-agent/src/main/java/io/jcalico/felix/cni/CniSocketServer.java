package io.jcalico.felix.cni;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's end of the per-pod executables: a unix socket (by default
 * {@value #DEFAULT_SOCKET}) where each connection carries one invocation in {@link CniWire}
 * frames. One thread accepts; a fixed pool answers, so pods are attached concurrently. A client
 * that does not finish its request within the read timeout is dropped, so a stuck executable
 * cannot hold a worker.
 *
 * <p>The socket file is made owner-only (the runtime runs plugins as root). A stale file left by
 * a dead daemon is replaced; a live daemon on the same path is an error.
 */
public final class CniSocketServer implements AutoCloseable {
  public static final String DEFAULT_SOCKET = "/var/run/calico/cni.sock";
  public static final String SOCKET_ENV = "CALICO_NODE_SOCKET";
  private static final Logger LOG = LoggerFactory.getLogger(CniSocketServer.class);

  private final Path path;
  private final CniHandler handler;
  private final Duration readTimeout;
  private final ServerSocketChannel server;
  private final ExecutorService workers;
  private final ScheduledExecutorService timeouts;
  private final Thread acceptor;
  private volatile boolean closed;

  private CniSocketServer(Path path, CniHandler handler, int threads, Duration readTimeout) throws IOException {
    this.path = path;
    this.handler = handler;
    this.readTimeout = readTimeout;
    this.server = bind(path);
    AtomicInteger n = new AtomicInteger();
    this.workers = Executors.newFixedThreadPool(threads, r -> daemon(r, "cni-worker-" + n.incrementAndGet()));
    this.timeouts = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "cni-read-timeout"));
    this.acceptor = daemon(this::acceptLoop, "cni-accept");
    acceptor.start();
  }

  /** Binds {@code path} and starts serving. */
  public static CniSocketServer start(Path path, CniHandler handler, int threads, Duration readTimeout)
      throws IOException {
    return new CniSocketServer(path, handler, threads, readTimeout);
  }

  public static CniSocketServer start(Path path, CniHandler handler) throws IOException {
    return start(path, handler, Math.max(4, Runtime.getRuntime().availableProcessors() * 2), Duration.ofSeconds(10));
  }

  public Path path() {
    return path;
  }

  private static ServerSocketChannel bind(Path path) throws IOException {
    Files.createDirectories(path.toAbsolutePath().getParent());
    if (Files.exists(path)) {
      try (SocketChannel probe = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
        throw new IOException("another calico-node serves " + path);
      } catch (IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("another calico-node")) {
          throw e;
        }
        Files.delete(path); // nobody listens: left by a daemon that died
      }
    }
    ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    try {
      ch.bind(UnixDomainSocketAddress.of(path), 128);
      Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    return ch;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel client;
      try {
        client = server.accept();
      } catch (ClosedChannelException e) {
        return;
      } catch (IOException e) {
        LOG.warn("accept on {} failed", path, e);
        continue;
      }
      try {
        workers.execute(() -> serve(client));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        closeQuietly(client); // shutting down
      }
    }
  }

  private void serve(SocketChannel client) {
    try (client) {
      ScheduledFuture<?> deadline = timeouts.schedule(() -> closeQuietly(client), readTimeout.toMillis(), TimeUnit.MILLISECONDS);
      CniInvocation request;
      try {
        request = CniWire.readRequest(new BufferedInputStream(Channels.newInputStream(client)));
      } finally {
        deadline.cancel(false);
      }
      CniOutcome outcome = handler.handle(request);
      OutputStream out = new BufferedOutputStream(Channels.newOutputStream(client));
      CniWire.writeResponse(out, outcome);
    } catch (IOException e) {
      if (!closed) {
        LOG.warn("CNI request on {} dropped: {}", path, e.toString());
      }
    } catch (RuntimeException e) {
      LOG.error("CNI handler failed", e);
    }
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    try {
      acceptor.join(5_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    workers.shutdown();
    timeouts.shutdownNow();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(path);
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }

  private static void closeQuietly(SocketChannel ch) {
    try {
      ch.close();
    } catch (IOException e) {
      // already gone
    }
  }
}
