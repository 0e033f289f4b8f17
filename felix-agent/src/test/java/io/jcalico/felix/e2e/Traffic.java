package io.jcalico.felix.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;

import inet.ipaddr.IPAddress;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Traffic between pods: ping, and a TCP connection to the target's {@link PodEchoServer}. */
public final class Traffic {
  private Traffic() {}

  /** {@code ping} from inside {@code from}'s namespace to {@code to}'s first address. */
  public static Exec.Result ping(TestPod from, TestPod to) {
    return ping(from, to.address());
  }

  /** {@code ping} (IPv4 or IPv6) from inside {@code from}'s namespace; succeeds when any of three echoes comes back. */
  public static Exec.Result ping(TestPod from, IPAddress to) {
    return Exec.run(List.of(Testbed.IP, "netns", "exec", from.netns(), "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2",
        to.withoutPrefixLength().toCanonicalString()), null, null, Duration.ofSeconds(20));
  }

  /** {@link #tcpEcho(TestPod, TestPod, IPAddress, Duration)} to {@code to}'s first address, 3 s timeouts. */
  public static Optional<String> tcpEcho(TestPod from, TestPod to) {
    return tcpEcho(from, to, to.address(), Duration.ofSeconds(3));
  }

  /** The same with {@code timeout} for the connect and for the echo. */
  public static Optional<String> tcpEcho(TestPod from, TestPod to, Duration timeout) {
    return tcpEcho(from, to, to.address(), timeout);
  }

  /** To one of {@code to}'s addresses, 3 s timeouts. */
  public static Optional<String> tcpEcho(TestPod from, TestPod to, IPAddress address) {
    return tcpEcho(from, to, address, Duration.ofSeconds(3));
  }

  /** One echo request; whether its reply came within {@code timeout} (for checks that expect a drop). */
  public static boolean pingOnce(TestPod from, TestPod to, Duration timeout) {
    return Exec.run(List.of(Testbed.IP, "netns", "exec", from.netns(), "ping", "-n", "-c", "1",
        "-W", Double.toString(timeout.toMillis() / 1000.0), to.address().withoutPrefixLength().toCanonicalString()), null, null,
        timeout.plusSeconds(10)).ok();
  }

  /**
   * Connects from {@code from}'s namespace to the echo server of {@code to} at {@code address}
   * (one of its addresses), sends a random line and reads it back. Empty when the exchange
   * worked, otherwise what went wrong.
   */
  public static Optional<String> tcpEcho(TestPod from, TestPod to, IPAddress address, Duration timeout) {
    int millis = (int) timeout.toMillis();
    to.node().testbed().echoServer(to);
    String line = UUID.randomUUID() + "\n";
    try (NetNamespace ns = Rtnetlink.openNamespace(from.netnsPath())) {
      return ns.call(() -> {
        try (Socket s = new Socket()) {
          s.connect(new InetSocketAddress(address.withoutPrefixLength().toInetAddress(), PodEchoServer.PORT), millis);
          s.setSoTimeout(millis);
          OutputStream out = s.getOutputStream();
          out.write(line.getBytes(UTF_8));
          out.flush();
          InputStream in = s.getInputStream();
          byte[] expected = line.getBytes(UTF_8);
          byte[] got = in.readNBytes(expected.length);
          return Arrays.equals(got, expected) ? Optional.<String>empty()
              : Optional.of("echo came back as \"" + new String(got, UTF_8) + "\"");
        } catch (java.io.IOException e) {
          return Optional.of(e.toString());
        }
      });
    }
  }

  /** A {@code ping} running until stopped; {@link ContinuousPing#stop()} tells how many echoes were lost. */
  public static ContinuousPing startPing(TestPod from, TestPod to, Duration interval) {
    return ContinuousPing.start(from, to, interval);
  }
}
