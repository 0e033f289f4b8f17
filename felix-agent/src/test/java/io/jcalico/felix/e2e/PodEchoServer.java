package io.jcalico.felix.e2e;

import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A TCP echo server bound to a pod's address inside the pod's namespace: what a client in
 * another pod connects to. Each connection gets back every byte it sends.
 */
final class PodEchoServer implements AutoCloseable {
  static final int PORT = 7007;

  private final ServerSocket server;

  private PodEchoServer(ServerSocket server) {
    this.server = server;
    Thread t = new Thread(this::acceptLoop, "echo-" + server.getLocalSocketAddress());
    t.setDaemon(true);
    t.start();
  }

  static PodEchoServer start(TestPod pod) {
    try (NetNamespace ns = Rtnetlink.openNamespace(pod.netnsPath())) {
      return new PodEchoServer(ns.call(() -> {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(pod.address().toInetAddress(), PORT), 16);
        return ss;
      }));
    }
  }

  private void acceptLoop() {
    while (true) {
      Socket s;
      try {
        s = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      Thread t = new Thread(() -> echo(s), "echo-conn");
      t.setDaemon(true);
      t.start();
    }
  }

  private static void echo(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      byte[] buf = new byte[4096];
      for (int n; (n = in.read(buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
