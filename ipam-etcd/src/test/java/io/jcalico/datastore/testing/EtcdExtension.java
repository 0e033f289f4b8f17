package io.jcalico.datastore.testing;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.jcalico.datastore.etcd.LocalEtcd;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real etcd for a test class: {@code @RegisterExtension static final EtcdExtension etcd = new
 * EtcdExtension();}. Where a Docker engine answers, Testcontainers runs etcd in a container;
 * otherwise the Debian binary is started on free loopback ports with a temporary data directory.
 * Either way it is stopped and deleted after the class, also when a test fails.
 * {@link #stop()} / {@link #start()} simulate an outage mid-test.
 */
public final class EtcdExtension implements BeforeAllCallback, AfterAllCallback {

  /** What the extension needs of a server, local process or container. */
  interface Server extends AutoCloseable {
    String endpoint();

    void start();

    void stop();

    @Override
    void close();
  }

  private Server server;
  private Client client;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = DockerEtcd.available() ? new DockerEtcd() : local();
    server.start();
  }

  private static Server local() {
    LocalEtcd etcd = LocalEtcd.onFreePorts();
    return new Server() {
      public String endpoint() { return etcd.endpoint(); }
      public void start() { etcd.start(); }
      public void stop() { etcd.stop(); }
      public void close() { etcd.close(); }
    };
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (client != null) client.close();
    client = null;
    if (server != null) server.close();
    server = null;
  }

  public String endpoint() {
    return server.endpoint();
  }

  /** A shared client for assertions; the code under test should build its own. */
  public synchronized Client client() {
    if (client == null) {
      client = Client.builder().endpoints(endpoint()).connectTimeout(Duration.ofSeconds(2)).build();
    }
    return client;
  }

  /** Stops the server (an outage); data is kept. */
  public void stop() {
    server.stop();
  }

  /** Starts the server again at the same endpoint with the same data. */
  public void start() {
    server.start();
  }

  /** Deletes every key, for tests that want a clean datastore. */
  public void clear() {
    // A range end of "\0" means "every key from the start key on": with "\0" as start, all keys.
    ByteSequence zero = ByteSequence.from(new byte[] {0});
    try {
      client().getKVClient().delete(zero, DeleteOption.builder().withRange(zero).build()).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not clear etcd: " + e.getMessage(), e);
    }
  }
}
