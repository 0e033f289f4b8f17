package io.jcalico.bgp.routers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Process lifecycle shared by the three daemons; subclasses render config and speak the CLI. */
abstract class AbstractRouterDaemon implements RouterDaemon {
  static final Duration CLI_TIMEOUT = Duration.ofSeconds(30);
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  protected final DaemonProcess process;
  private volatile RouterConfig config;

  AbstractRouterDaemon(DaemonKind kind, RouterConfig config, Optional<String> netns) {
    this.config = config;
    this.process = new DaemonProcess(kind.toString(), netns);
  }

  /** Writes the daemon's config files for {@code config} into the work directory. */
  protected abstract void writeConfig(RouterConfig config) throws IOException;

  /** The daemon's command line (without the namespace prefix). */
  protected abstract List<String> command();

  /** Throws unless the control interface answers. */
  protected abstract void probe();

  /** Called once the control interface answers, e.g. to add routes that cannot go in the file. */
  protected void afterStart() {}

  @Override
  public RouterConfig config() {
    return config;
  }

  protected void setConfig(RouterConfig updated) {
    this.config = updated;
  }

  @Override
  public synchronized void start() {
    if (isRunning()) {
      return;
    }
    try {
      writeConfig(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process.start(command());
    try {
      Poll.until(STARTUP_TIMEOUT, kind() + " control interface", () -> {
        if (!process.isRunning()) {
          throw new RouterDaemonException(kind() + " exited during startup: " + tail(
              process.file("stdout.log")));
        }
        probe();
        return true;
      });
      afterStart();
    } catch (RuntimeException e) {
      process.stop();
      throw new RouterDaemonException(kind() + " did not start; output: "
          + tail(process.file("stdout.log")) + " log: " + tail(logFile()), e);
    }
  }

  @Override
  public synchronized void stop() {
    process.stop();
  }

  @Override
  public boolean isRunning() {
    return process.isRunning();
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public void freeze() {
    process.freeze();
  }

  @Override
  public void thaw() {
    process.thaw();
  }

  @Override
  public Path workDir() {
    return process.dir();
  }

  @Override
  public String log() {
    return read(logFile());
  }

  @Override
  public void close() {
    process.close();
  }

  /** Runs the CLI and returns its stdout, throwing when it fails. */
  protected String cli(List<String> command) {
    return process.exec(CLI_TIMEOUT, command).stdoutOrThrow();
  }

  protected void write(String fileName, String text) throws IOException {
    Files.writeString(process.file(fileName), text, StandardCharsets.UTF_8);
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String tail(Path file) {
    String text = read(file);
    return text.length() > 2000 ? text.substring(text.length() - 2000) : text;
  }

  @Override
  public String toString() {
    return kind() + "[" + config.listenAddress() + ":" + config.port() + " AS" + config.localAs()
        + ", dir " + process.dir() + "]";
  }
}
