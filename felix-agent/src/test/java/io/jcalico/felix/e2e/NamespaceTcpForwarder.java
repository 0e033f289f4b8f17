package io.jcalico.felix.e2e;

import io.jcalico.felix.netlink.NetNamespace;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens on an address inside a network namespace and relays every connection to an address
 * reachable from the test JVM's own namespace. This is how the nodes reach the one etcd: etcd
 * runs on host loopback and the nodes dial {@code 198.18.0.1:2379} in the underlay, so the host
 * gets no address, route or link of the lab (concurrent test beds cannot collide there).
 *
 * <p>The listening socket is created by a thread that entered the namespace; a socket stays in
 * the namespace it was created in, so accepting and relaying run on ordinary threads.
 */
final class NamespaceTcpForwarder implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final Thread acceptor;
  private volatile boolean closed;

  private NamespaceTcpForwarder(ServerSocket server, InetSocketAddress target) {
    this.server = server;
    this.target = target;
    this.acceptor = new Thread(this::acceptLoop, "forward-" + server.getLocalSocketAddress());
    acceptor.setDaemon(true);
  }

  static NamespaceTcpForwarder start(NetNamespace ns, InetSocketAddress listen, InetSocketAddress target) {
    ServerSocket s = ns.call(() -> {
      ServerSocket ss = new ServerSocket();
      ss.setReuseAddress(true);
      ss.bind(listen, 64);
      return ss;
    });
    NamespaceTcpForwarder f = new NamespaceTcpForwarder(s, target);
    f.acceptor.start();
    return f;
  }

  private void acceptLoop() {
    while (!closed) {
      Socket in;
      try {
        in = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Socket out = new Socket();
      try {
        // A relay re-chunks the stream: with Nagle on, a request split over two writes waits for
        // the peer's delayed ACK (40 ms) before its second half goes out.
        in.setTcpNoDelay(true);
        out.setTcpNoDelay(true);
        out.connect(target, 2000);
      } catch (IOException e) {
        closeQuietly(in); // the target is down (an etcd outage): the client sees a reset
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
