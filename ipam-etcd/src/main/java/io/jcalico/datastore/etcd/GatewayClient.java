package io.jcalico.datastore.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jcalico.datastore.store.DatastoreException;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * etcd's v3 JSON gateway ({@code POST /v3/kv/range}, {@code /v3/kv/txn}; etcd 3.4+) over plain
 * HTTP/1.1 on a socket: no gRPC, Netty or event loop to start, so a one-shot command's first call
 * costs a TCP connect. One keep-alive connection, tried against each endpoint in turn. Every call
 * is bounded by the timeout: connect, send and the whole response. A call that cannot reach any
 * endpoint, or gets no (complete) answer in time, fails with {@link DatastoreException.Unavailable};
 * a request etcd rejects fails with {@link DatastoreException} and etcd's message. Not thread-safe.
 */
public final class GatewayClient implements AutoCloseable {
  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final List<URI> endpoints;
  private final String endpointsText;
  private final Duration timeout;
  private final ObjectMapper json;
  private Socket socket;
  private URI connectedTo;
  private InputStream in;

  /**
   * @param endpoints comma-separated {@code http://host:port} URLs
   * @param json the mapper that parses responses
   */
  public GatewayClient(String endpoints, Duration timeout, ObjectMapper json) {
    List<URI> eps = new ArrayList<>();
    for (String e : endpoints.split(",")) {
      URI u = URI.create(e.trim());
      if (!"http".equals(u.getScheme()) || u.getHost() == null) {
        throw new IllegalArgumentException("etcd endpoint " + e.trim() + ": the JSON gateway client needs http://host:port");
      }
      eps.add(u);
    }
    this.endpoints = List.copyOf(eps);
    this.endpointsText = endpoints;
    this.timeout = timeout;
    this.json = json;
  }

  /** Whether every endpoint is plain http (TLS endpoints need the gRPC client). */
  public static boolean supports(String endpoints) {
    for (String e : endpoints.split(",")) {
      if (!e.trim().startsWith("http://")) return false;
    }
    return true;
  }

  public String endpoints() {
    return endpointsText;
  }

  /**
   * POSTs a JSON body to a gateway path and returns the parsed answer. {@code idempotent} calls
   * (reads) are sent once more on a fresh connection when a kept-alive one turns out closed.
   */
  public JsonNode post(String what, String path, String body, boolean idempotent) {
    long deadline = System.nanoTime() + timeout.toNanos();
    byte[] request = request(path, body.getBytes(UTF_8));
    boolean reused = socket != null;
    try {
      return exchange(what, request, deadline);
    } catch (EOFException e) {
      disconnect();
      if (!(reused && idempotent)) throw unavailable(what, "failed: the connection closed before an answer", e);
      try {
        return exchange(what, request, deadline);
      } catch (IOException again) {
        disconnect();
        throw unavailable(what, describe(again), again);
      }
    } catch (SocketTimeoutException e) {
      disconnect();
      throw new DatastoreException.Unavailable("etcd at " + endpointsText + " is unreachable: " + what
          + " got no answer within " + timeout.toMillis() + " ms", e);
    } catch (IOException e) {
      disconnect();
      throw unavailable(what, describe(e), e);
    }
  }

  private JsonNode exchange(String what, byte[] request, long deadline) throws IOException {
    connect(what, deadline);
    socket.setSoTimeout(remainingMillis(deadline));
    OutputStream out = socket.getOutputStream();
    out.write(request);
    out.flush();
    Response r = readResponse(deadline);
    if (r.close) disconnect();
    JsonNode body;
    try {
      body = json.readTree(r.body);
    } catch (IOException e) {
      throw new DatastoreException(what + " failed: etcd answered HTTP " + r.status + " with a body that is not JSON", e);
    }
    if (r.status != 200) {
      String message = body == null ? "" : body.path("message").asText(body.path("error").asText(""));
      int code = body == null ? 0 : body.path("code").asInt();
      // gRPC codes 4 (deadline exceeded) and 14 (unavailable): etcd is there but cannot serve
      if (code == 4 || code == 14) {
        throw new DatastoreException.Unavailable("etcd at " + endpointsText + " is unreachable: " + what + " failed: " + message, null);
      }
      throw new DatastoreException(what + " failed: etcd answered HTTP " + r.status + (message.isEmpty() ? "" : ": " + message));
    }
    return body;
  }

  private void connect(String what, long deadline) throws IOException {
    if (socket != null) return;
    IOException last = null;
    for (URI ep : endpoints) {
      Socket s = new Socket();
      try {
        s.setTcpNoDelay(true);
        int port = ep.getPort() < 0 ? 2379 : ep.getPort();
        s.connect(new InetSocketAddress(ep.getHost().replaceAll("^\\[|\\]$", ""), port), remainingMillis(deadline));
        socket = s;
        connectedTo = ep;
        in = new BufferedInputStream(s.getInputStream());
        return;
      } catch (IOException e) {
        s.close();
        last = e;
        if (System.nanoTime() >= deadline) break;
      }
    }
    throw last != null ? last : new IOException("no endpoint");
  }

  private byte[] request(String path, byte[] body) {
    // Host is fixed per connection but harmless to name the first endpoint: etcd ignores it
    URI host = endpoints.get(0);
    String head = "POST " + path + " HTTP/1.1\r\n"
        + "Host: " + host.getHost() + (host.getPort() < 0 ? "" : ":" + host.getPort()) + "\r\n"
        + "Content-Type: application/json\r\n"
        + "Content-Length: " + body.length + "\r\n\r\n";
    byte[] h = head.getBytes(UTF_8);
    byte[] all = new byte[h.length + body.length];
    System.arraycopy(h, 0, all, 0, h.length);
    System.arraycopy(body, 0, all, h.length, body.length);
    return all;
  }

  private record Response(int status, byte[] body, boolean close) {}

  private Response readResponse(long deadline) throws IOException {
    String statusLine = line();
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + statusLine);
    int status = Integer.parseInt(parts[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = parts[0].equals("HTTP/1.0");
    int headerBytes = 0;
    for (String h = line(); !h.isEmpty(); h = line()) {
      headerBytes += h.length();
      if (headerBytes > MAX_HEADER_BYTES) throw new IOException("HTTP header too large");
      int colon = h.indexOf(':');
      if (colon < 0) continue;
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> { }
      }
      socket.setSoTimeout(remainingMillis(deadline));
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if (chunked) {
      for (long size = Long.parseLong(line().split(";", 2)[0].trim(), 16); size > 0;
           size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) {
        copy(body, size, deadline);
        line(); // the CRLF after each chunk
      }
      while (!line().isEmpty()) { } // trailers
    } else if (length >= 0) {
      copy(body, length, deadline);
    } else {
      close = true; // body runs to the end of the connection
      in.transferTo(body);
    }
    return new Response(status, body.toByteArray(), close);
  }

  private void copy(ByteArrayOutputStream to, long n, long deadline) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      socket.setSoTimeout(remainingMillis(deadline));
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) throw new EOFException("connection closed inside the answer");
      to.write(buf, 0, r);
      n -= r;
    }
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) throw new EOFException("connection closed");
      if (c != '\r') sb.append((char) c);
      if (sb.length() > MAX_HEADER_BYTES) throw new IOException("HTTP line too long");
    }
    return sb.toString();
  }

  private static int remainingMillis(long deadline) throws SocketTimeoutException {
    long ms = (deadline - System.nanoTime()) / 1_000_000;
    if (ms <= 0) throw new SocketTimeoutException("deadline passed");
    return (int) Math.min(Integer.MAX_VALUE, ms);
  }

  private DatastoreException.Unavailable unavailable(String what, String why, Throwable cause) {
    return new DatastoreException.Unavailable("etcd at " + endpointsText + " is unreachable: " + what + " " + why, cause);
  }

  private static String describe(IOException e) {
    String m = e.getMessage();
    if (e instanceof java.net.ConnectException) return "failed: connection refused";
    if (e instanceof java.net.UnknownHostException) return "failed: unknown host " + m;
    return "failed: " + (m == null ? e.getClass().getSimpleName() : m);
  }

  private void disconnect() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a broken connection: nothing to do
      }
    }
    socket = null;
    connectedTo = null;
    in = null;
  }

  /** The endpoint of the open connection, if any (for diagnostics). */
  public URI connectedTo() {
    return connectedTo;
  }

  @Override
  public void close() {
    disconnect();
  }
}
