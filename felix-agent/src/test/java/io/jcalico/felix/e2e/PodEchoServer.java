package io.jcalico.felix.e2e;

import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import inet.ipaddr.IPAddress;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A TCP echo server bound to each of a pod's addresses inside the pod's namespace: what a client
 * in another pod connects to. Each connection gets back every byte it sends.
 */
final class PodEchoServer implements AutoCloseable {
  static final int PORT = 7007;

  private final List<ServerSocket> servers;

  private PodEchoServer(List<ServerSocket> servers) {
    this.servers = List.copyOf(servers);
    for (ServerSocket server : servers) {
      Thread t = new Thread(() -> acceptLoop(server), "echo-" + server.getLocalSocketAddress());
      t.setDaemon(true);
      t.start();
    }
  }

  static PodEchoServer start(TestPod pod) {
    try (NetNamespace ns = Rtnetlink.openNamespace(pod.netnsPath())) {
      List<ServerSocket> bound = new ArrayList<>();
      try {
        for (IPAddress a : pod.addresses()) {
          bound.add(ns.call(() -> {
            ServerSocket ss = new ServerSocket();
            ss.setReuseAddress(true);
            ss.bind(new InetSocketAddress(a.toInetAddress(), PORT), 16);
            return ss;
          }));
        }
      } catch (RuntimeException e) {
        closeAll(bound);
        throw e;
      }
      return new PodEchoServer(bound);
    }
  }

  private static void acceptLoop(ServerSocket server) {
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
    closeAll(servers);
  }

  private static void closeAll(List<ServerSocket> sockets) {
    for (ServerSocket server : sockets) {
      try {
        server.close();
      } catch (IOException e) {
        // already closed
      }
    }
  }
}
