package io.jcalico.datastore.store;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.KV;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An etcd client with a bound on every call: a call that gets no answer within the timeout fails
 * with {@link DatastoreException.Unavailable} naming the endpoints, instead of hanging while the
 * client retries. Shared by the resource store and IPAM.
 */
public final class EtcdAccess implements AutoCloseable {
  private final Client client;
  private final String endpoints;
  private final Duration timeout;

  public EtcdAccess(Client client, String endpoints, Duration timeout) {
    this.client = client;
    this.endpoints = endpoints;
    this.timeout = timeout;
  }

  /** A client for comma-separated endpoints (e.g. "http://127.0.0.1:2379"). */
  public static EtcdAccess connect(String endpoints, Duration timeout) {
    String[] eps = endpoints.split(",");
    Client c = Client.builder()
        .endpoints(eps)
        .connectTimeout(timeout)
        // jetcd's retries give up well before our own deadline, so an etcd that refuses
        // connections is reported as such, not as one that did not answer in time.
        .retryChronoUnit(java.time.temporal.ChronoUnit.MILLIS)
        .retryDelay(Math.max(1, Math.min(100, timeout.toMillis() / 8)))
        .retryMaxDelay(Math.max(2, timeout.toMillis() / 4))
        .retryMaxDuration(timeout.dividedBy(2))
        // Fail instead of queueing while disconnected: a queued write would otherwise be sent
        // after the caller was told it failed, and take effect behind its back.
        .waitForReady(false)
        .keepaliveTime(Duration.ofSeconds(30))
        .keepaliveTimeout(Duration.ofSeconds(3))
        .build();
    return new EtcdAccess(c, endpoints, timeout);
  }

  public Client client() {
    return client;
  }

  public KV kv() {
    return client.getKVClient();
  }

  public Duration timeout() {
    return timeout;
  }

  public String endpoints() {
    return endpoints;
  }

  /** Waits for a call, mapping "no answer" and transport failures to {@link DatastoreException.Unavailable}. */
  public <T> T call(String what, CompletableFuture<T> future) {
    try {
      return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new DatastoreException.Unavailable("etcd at " + endpoints + " is unreachable: " + what
          + " got no answer within " + timeout.toMillis() + " ms", e);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new DatastoreException("interrupted during " + what, e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      Status status = cause instanceof StatusRuntimeException sre ? sre.getStatus() : Status.fromThrowable(cause);
      if (status.getCode() == Status.Code.UNAVAILABLE || status.getCode() == Status.Code.DEADLINE_EXCEEDED
          || status.getCode() == Status.Code.CANCELLED || brokenConnection(status)) {
        throw new DatastoreException.Unavailable("etcd at " + endpoints + " is unreachable: " + what
            + " failed: " + status.getCode() + (status.getDescription() == null ? "" : " " + status.getDescription())
            + rootCause(status), cause);
      }
      throw new DatastoreException(what + " failed: " + cause.getMessage(), cause);
    }
  }

  /** " (why)" from the innermost cause gRPC kept (e.g. "Connection refused"), or nothing. */
  private static String rootCause(Status status) {
    Throwable root = status.getCause();
    if (root == null) return "";
    while (root.getCause() != null) root = root.getCause();
    return root.getMessage() == null ? "" : " (" + root.getMessage() + ")";
  }

  /**
   * gRPC reports a connection that closed under a call in flight as UNKNOWN "channel closed" with
   * the I/O exception as cause: that is etcd going away too (and the call's outcome is unknown).
   */
  private static boolean brokenConnection(Status status) {
    for (Throwable t = status.getCause(); t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) return true;
    }
    return false;
  }

  @Override
  public void close() {
    client.close();
  }
}
