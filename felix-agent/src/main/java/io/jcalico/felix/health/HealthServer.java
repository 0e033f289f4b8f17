package io.jcalico.felix.health;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;

/**
 * The node's HTTP endpoints: {@code /liveness} and {@code /readiness} (200 or 503 with one line
 * per component, as Felix answers Kubernetes probes) and {@code /metrics} (Prometheus text).
 */
public final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  public HealthServer(InetSocketAddress bind, HealthAggregator health, Metrics metrics) {
    try {
      server = HttpServer.create(bind, 16);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on " + bind + " for health and metrics: " + e.getMessage(), e);
    }
    server.createContext("/liveness", ex -> probe(ex, health, true));
    server.createContext("/readiness", ex -> probe(ex, health, false));
    server.createContext("/metrics", ex -> send(ex, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape()));
    server.setExecutor(Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "health-http");
      t.setDaemon(true);
      return t;
    }));
  }

  public HealthServer start() {
    server.start();
    return this;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange ex, HealthAggregator health, boolean liveness) throws IOException {
    HealthAggregator.Summary s = health.summary();
    boolean ok = liveness ? s.live() : s.ready();
    StringBuilder body = new StringBuilder(ok ? "ok\n" : (liveness ? "not live\n" : "not ready\n"));
    s.components().forEach((k, v) -> body.append(k).append(": ").append(v).append('\n'));
    send(ex, ok ? 200 : 503, "text/plain; charset=utf-8", body.toString());
  }

  private static void send(HttpExchange ex, int code, String type, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(code, b.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
