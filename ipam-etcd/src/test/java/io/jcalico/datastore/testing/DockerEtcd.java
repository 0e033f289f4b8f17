package io.jcalico.datastore.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.FixedHostPortGenericContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;

/**
 * etcd in a container, used only where a Docker engine answers. The host port is fixed so a
 * stop/start keeps the endpoint, as the local process does.
 */
final class DockerEtcd implements EtcdExtension.Server {
  private static final String IMAGE = System.getenv().getOrDefault("ETCD_IMAGE", "quay.io/coreos/etcd:v3.4.23");

  private final int port = freePort();
  private GenericContainer<?> container;

  /** True only when a Docker socket exists and the engine answers; never slow without one. */
  static boolean available() {
    if ("false".equals(System.getenv("JCALICO_TESTCONTAINERS"))) return false;
    if (!Files.exists(Path.of("/var/run/docker.sock")) && System.getenv("DOCKER_HOST") == null) return false;
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | Error e) {
      return false;
    }
  }

  private static int freePort() {
    try (var s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  @SuppressWarnings("deprecation") // fixed host port: the endpoint must survive a restart
  public void start() {
    if (container == null) {
      container = new FixedHostPortGenericContainer<>(IMAGE)
          .withFixedExposedPort(port, 2379)
          .withCommand("etcd", "--listen-client-urls", "http://0.0.0.0:2379",
              "--advertise-client-urls", "http://127.0.0.1:" + port, "--data-dir", "/etcd-data")
          .waitingFor(Wait.forHttp("/health").forPort(2379));
      container.start();
    } else {
      var docker = DockerClientFactory.instance().client();
      docker.startContainerCmd(container.getContainerId()).exec();
    }
  }

  @Override
  public void stop() {
    if (container != null) {
      DockerClientFactory.instance().client().stopContainerCmd(container.getContainerId()).exec();
    }
  }

  @Override
  public void close() {
    if (container != null) container.stop();
    container = null;
  }
}
