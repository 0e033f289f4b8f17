package io.jcalico.felix.netlink;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays TCP connections between this JVM's network namespace and another one, with no address,
 * route or link added anywhere. {@link #start} listens inside the namespace and dials out from
 * ours: the e2e test bed's nodes reach the etcd on host loopback through {@code 198.18.0.1:2379}
 * in their underlay. {@link #into} listens on our loopback and dials inside the namespace: a lab
 * command reaches the etcd a lab runs in its own namespace.
 *
 * <p>A socket stays in the namespace it was created in, so only creating it needs a thread that
 * entered the namespace; accepting, connecting and relaying run on ordinary threads.
 */
public final class NamespaceTcpForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Connector outbound;

  /** Opens the outbound connection to the target (in whichever namespace that side is). */
  private interface Connector {
    Socket connect(InetSocketAddress target) throws IOException;
  }
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private NamespaceTcpForwarder(ServerSocket server, InetSocketAddress target, Connector outbound) {
    this.server = server;
    this.target = target;
    this.outbound = outbound;
    this.acceptor = new Thread(this::acceptLoop, "forward-" + server.getLocalSocketAddress());
    acceptor.setDaemon(true);
  }

  /** Listens on {@code listen} inside {@code ns}; each connection is relayed to {@code target} as seen from here. */
  public static NamespaceTcpForwarder start(NetNamespace ns, InetSocketAddress listen, InetSocketAddress target) {
    ServerSocket s = ns.call(() -> listening(listen));
    NamespaceTcpForwarder f = new NamespaceTcpForwarder(s, target, NamespaceTcpForwarder::connected);
    f.acceptor.start();
    return f;
  }

  /**
   * Listens on a free port of 127.0.0.1 here ({@link #localAddress()}); each connection is relayed
   * to {@code target} as seen inside {@code ns}. The namespace must stay open while this runs.
   */
  public static NamespaceTcpForwarder into(NetNamespace ns, InetSocketAddress target) {
    ServerSocket s;
    try {
      s = listening(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    // java.net.Socket makes its file descriptor when it connects, so the connect runs in the namespace
    NamespaceTcpForwarder f = new NamespaceTcpForwarder(s, target, t -> ns.call(() -> connected(t)));
    f.acceptor.start();
    return f;
  }

  private static Socket connected(InetSocketAddress target) throws IOException {
    Socket s = new Socket();
    try {
      s.connect(target, 2000);
      return s;
    } catch (IOException e) {
      s.close();
      throw e;
    }
  }

  private static ServerSocket listening(InetSocketAddress listen) throws IOException {
    ServerSocket ss = new ServerSocket();
    ss.setReuseAddress(true);
    ss.bind(listen, 64);
    return ss;
  }

  /** Where this forwarder listens. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket out;
      try {
        out = outbound.connect(target);
      } catch (IOException | RuntimeException e) {
        closeQuietly(in); // the target is down (an etcd outage): the client sees a reset
        continue;
      }
      try {
        // A relay re-chunks the stream: with Nagle on, a request split over two writes waits for
        // the peer's delayed ACK (40 ms) before its second half goes out (every etcd call of a
        // daemon behind the relay paid it).
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
      } catch (IOException e) {
        closeQuietly(in);
        closeQuietly(out);
        continue;
      }
      open.add(in);
      open.add(out);
      pump(in, out);
      pump(out, in);
    }
  }

  /** Copies one direction; when either side ends, both sockets are closed. */
  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buf = new byte[16384];
      try (InputStream is = from.getInputStream(); OutputStream os = to.getOutputStream()) {
        for (int n; (n = is.read(buf)) >= 0; ) {
          os.write(buf, 0, n);
        }
      } catch (IOException e) {
        // a reset or our own close: fall through to closing both ends
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        open.remove(from);
        open.remove(to);
      }
    }, "forward-pump");
    t.setDaemon(true);
    t.start();
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException e) {
      // nothing left to do
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
    open.forEach(NamespaceTcpForwarder::closeQuietly);
    open.clear();
  }
}
