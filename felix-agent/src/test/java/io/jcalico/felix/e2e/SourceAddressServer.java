package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A TCP server in a namespace that tells each client the source address it saw, then hangs up:
 * what shows whether a connection was source-NATed on its way. Listens on {@code [::]}, which
 * takes IPv4 connections too (reported as IPv4 addresses).
 */
final class SourceAddressServer implements AutoCloseable {
  static final int PORT = 7008;

  /** What a client learnt: the address the server saw, or why it learnt nothing. */
  record Seen(IPAddress address, String failure) {
    @Override
    public String toString() {
      return address != null ? "seen as " + address : failure;
    }
  }

  private final ServerSocket server;

  private SourceAddressServer(ServerSocket server) {
    this.server = server;
    Thread t = new Thread(this::acceptLoop, "source-address-" + PORT);
    t.setDaemon(true);
    t.start();
  }

  /** Starts the server in the namespace at {@code netns}; close it to stop. */
  static SourceAddressServer start(Path netns) {
    try (NetNamespace ns = Rtnetlink.openNamespace(netns)) {
      return new SourceAddressServer(ns.call(() -> {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress("::", PORT), 16);
        return ss;
      }));
    }
  }

  /** Connects from the namespace at {@code from} to {@code to} and reads what the server saw. */
  static Seen ask(Path from, IPAddress to, Duration timeout) {
    int millis = (int) timeout.toMillis();
    try (NetNamespace ns = Rtnetlink.openNamespace(from)) {
      return ns.call(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(to.withoutPrefixLength().toInetAddress(), PORT), millis);
          s.setSoTimeout(millis);
          String line = new BufferedReader(new InputStreamReader(s.getInputStream(), UTF_8)).readLine();
          IPAddress a = line == null ? null : new IPAddressString(line.strip()).getAddress();
          return a == null ? new Seen(null, "no address in reply \"" + line + "\"") : new Seen(a, null);
        } catch (IOException e) {
          return new Seen(null, e.toString());
        }
      });
    }
  }

  private void acceptLoop() {
    while (true) {
      try (Socket s = server.accept(); OutputStream out = s.getOutputStream()) {
        IPAddress a = new IPAddressString(s.getInetAddress().getHostAddress()).getAddress();
        // an IPv4 client of the [::] socket may show as ::ffff:a.b.c.d
        if (a.isIPv6() && a.toIPv6().isIPv4Mapped()) {
          a = a.toIPv6().getEmbeddedIPv4Address();
        }
        out.write((a.toCanonicalString() + "\n").getBytes(UTF_8));
      } catch (IOException e) {
        if (server.isClosed()) {
          return;
        }
      }
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
