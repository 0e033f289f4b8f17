package io.jcalico.felix.health;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.jcalico.felix.netlink.NetNamespace;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * One HTTP/1.0 GET to a health endpoint inside a network namespace (a daemon's {@code /readiness},
 * etcd's {@code /health}), for whoever runs that daemon from outside: the socket is made in the
 * namespace, so no relay or address is needed.
 */
public final class HealthProbe {
  private HealthProbe() {}

  /** {@code "<status> <body>"}, e.g. {@code "200 ok"}, or {@code "down: <why>"} when nothing answers. */
  public static String get(NetNamespace ns, InetSocketAddress endpoint, String path) {
    try {
      return ns.call(() -> {
        try (Socket s = new Socket()) {
          s.connect(endpoint, 1000);
          s.setSoTimeout(3000);
          OutputStream out = s.getOutputStream();
          out.write(("GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n").getBytes(UTF_8));
          out.flush();
          InputStream in = s.getInputStream();
          String reply = new String(in.readAllBytes(), UTF_8);
          int sp = reply.indexOf(' ');
          int bodyAt = reply.indexOf("\r\n\r\n");
          return reply.substring(sp + 1, sp + 4) + " " + (bodyAt < 0 ? "" : reply.substring(bodyAt + 4));
        }
      });
    } catch (RuntimeException e) {
      return "down: " + e.getMessage();
    }
  }
}
