package io.jcalico.datastore.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-member etcd server started from the installed binary on free loopback ports, with its
 * own data directory. Used by tests, the demo and the lab runner. {@link #stop()} and
 * {@link #start()} may be called repeatedly: the ports and data survive a restart, so clients
 * reconnect to the same endpoint and find their data (this is how outages are simulated).
 */
public final class LocalEtcd implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(LocalEtcd.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final String binary;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final String host;
  private final int clientPort;
  private final int peerPort;
  private Process process;
  private Thread shutdownHook;

  private LocalEtcd(String binary, Path dataDir, boolean ownsDataDir, String host, int clientPort, int peerPort) {
    this.binary = binary;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.host = host;
    this.clientPort = clientPort;
    this.peerPort = peerPort;
  }

  /** A server on 127.0.0.1 with free ports and a temporary data directory (deleted on close). */
  public static LocalEtcd onFreePorts() {
    try {
      return new LocalEtcd(findBinary(), Files.createTempDirectory("jcalico-etcd-"), true, "127.0.0.1", freePort(), freePort());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A server at a fixed address and port (peer port = client port + 1) keeping its data in dataDir. */
  public static LocalEtcd at(String host, int clientPort, Path dataDir) {
    return new LocalEtcd(findBinary(), dataDir, false, host, clientPort, clientPort + 1);
  }

  static String findBinary() {
    for (String p : List.of(System.getenv().getOrDefault("ETCD_BINARY", ""), "/usr/bin/etcd", "/usr/local/bin/etcd")) {
      if (!p.isEmpty() && Files.isExecutable(Path.of(p))) return p;
    }
    throw new IllegalStateException("etcd binary not found (install the Debian package etcd-server, or set ETCD_BINARY)");
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  public String endpoint() {
    return "http://" + host + ":" + clientPort;
  }

  public Path dataDir() {
    return dataDir;
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** Starts the server and waits until it answers its health check. */
  public synchronized LocalEtcd start() {
    if (isRunning()) return this;
    try {
      Files.createDirectories(dataDir);
      String peer = "http://" + host + ":" + peerPort;
      ProcessBuilder pb = new ProcessBuilder(binary,
          "--name", "jcalico",
          "--data-dir", dataDir.resolve("data").toString(),
          "--listen-client-urls", endpoint(),
          "--advertise-client-urls", endpoint(),
          "--listen-peer-urls", peer,
          "--initial-advertise-peer-urls", peer,
          "--initial-cluster", "jcalico=" + peer,
          "--initial-cluster-state", "new",
          "--log-level", "warn",
          "--logger", "zap")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("etcd.log").toFile()));
      process = pb.start();
      if (shutdownHook == null) {
        shutdownHook = new Thread(this::killNow, "etcd-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
      }
      waitHealthy();
      log.info("etcd {} started at {} (data {})", process.pid(), endpoint(), dataDir);
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start etcd: " + e.getMessage(), e);
    }
  }

  private void waitHealthy() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("etcd exited with " + process.exitValue() + ": " + logTail());
      }
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(endpoint() + "/health"))
            .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200 && r.body().contains("\"health\":\"true\"")) return;
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for etcd", e);
      }
      sleep(50);
    }
    killNow();
    throw new IllegalStateException("etcd did not become healthy within " + START_TIMEOUT + ": " + logTail());
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("etcd.log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  /** Stops the server (SIGTERM, then SIGKILL after 10 s) and waits until its port is closed. */
  public synchronized void stop() {
    if (process == null) return;
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    process = null;
    waitPortClosed();
    log.info("etcd at {} stopped", endpoint());
  }

  private void waitPortClosed() {
    for (int i = 0; i < 100; i++) {
      try (Socket s = new Socket(host, clientPort)) {
        sleep(50);
      } catch (IOException e) {
        return;
      }
    }
  }

  private synchronized void killNow() {
    if (process != null && process.isAlive()) process.destroyForcibly();
  }

  /** Stops the server and deletes a temporary data directory. */
  @Override
  public synchronized void close() {
    stop();
    if (shutdownHook != null) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      shutdownHook = null;
    }
    if (ownsDataDir) deleteTree(dataDir);
  }

  private static void deleteTree(Path root) {
    if (!Files.exists(root)) return;
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      log.warn("could not delete {}: {}", root, e.getMessage());
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
