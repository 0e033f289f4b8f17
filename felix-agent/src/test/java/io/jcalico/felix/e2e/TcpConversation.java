package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * One TCP connection from a pod to another pod's echo server, kept open so a test can show it
 * survives something (a daemon restart): the connection is made once, lines are exchanged on it
 * as often as wanted.
 */
public final class TcpConversation implements AutoCloseable {
  private final Socket socket;
  private final String description;

  private TcpConversation(Socket socket, String description) {
    this.socket = socket;
    this.description = description;
  }

  static TcpConversation open(TestPod from, TestPod to) {
    to.node().testbed().echoServer(to);
    try (NetNamespace ns = Rtnetlink.openNamespace(from.netnsPath())) {
      Socket s = ns.call(() -> {
        Socket c = new Socket();
        c.connect(new InetSocketAddress(to.address().toInetAddress(), PodEchoServer.PORT), 3000);
        return c;
      });
      return new TcpConversation(s, from + " -> " + to);
    }
  }

  /** Sends a fresh line and reads it back within 5 s; empty when it came back intact. */
  public Optional<String> exchange() {
    byte[] line = (UUID.randomUUID() + "\n").getBytes(UTF_8);
    try {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(line);
      socket.getOutputStream().flush();
      byte[] got = socket.getInputStream().readNBytes(line.length);
      return Arrays.equals(got, line) ? Optional.empty() : Optional.of(description + ": echo came back as " + new String(got, UTF_8));
    } catch (IOException e) {
      return Optional.of(description + ": " + e);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
