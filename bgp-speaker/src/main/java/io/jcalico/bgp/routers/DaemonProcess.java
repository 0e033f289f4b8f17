package io.jcalico.bgp.routers;

import com.google.common.collect.ImmutableList;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One daemon process in its own temporary directory, optionally inside a named network
 * namespace. Owns process hygiene: every live instance is registered with a JVM shutdown hook
 * that kills it and deletes its directory, so a failed or interrupted test leaves nothing behind.
 * {@code ip netns exec} execs the daemon in place, so the pid is the daemon's own. Public for
 * other long-running children (our own speaker as a benchmark subject, lab nodes).
 */
public final class DaemonProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DaemonProcess.class);
  private static final Set<DaemonProcess> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(DaemonProcess::close),
        "router-daemon-reaper"));
  }

  private final String kind;
  private final Optional<String> netns;
  private final Path dir;
  private final boolean ownsDir;
  private final Path log;
  private Process process;
  private boolean frozen;

  public DaemonProcess(String kind, Optional<String> netns) {
    this.kind = kind;
    this.netns = netns;
    try {
      this.dir = Files.createTempDirectory("jcalico-" + kind + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.ownsDir = true;
    this.log = dir.resolve("stdout.log");
    LIVE.add(this);
  }

  /**
   * A process whose files live in {@code dir}, a directory the caller owns ({@link #close()} keeps
   * it), with its output appended to {@code <kind>.log} there, so several processes (a lab node's
   * daemons) can share one directory.
   */
  public DaemonProcess(String kind, Optional<String> netns, Path dir) {
    this.kind = kind;
    this.netns = netns;
    this.dir = dir;
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.ownsDir = false;
    this.log = dir.resolve(kind + ".log");
    LIVE.add(this);
  }

  public Path dir() {
    return dir;
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  /** Where the process's stdout and stderr go. */
  public Path logFile() {
    return log;
  }

  public Optional<String> netns() {
    return netns;
  }

  /** The command prefixed with {@code ip netns exec NS} when the daemon lives in a namespace. */
  public List<String> inNamespace(List<String> command) {
    return netns.map(ns -> ImmutableList.<String>builder().add("ip", "netns", "exec", ns)
        .addAll(command).build()).orElse(ImmutableList.copyOf(command));
  }

  /** Starts the daemon, stdout and stderr appended to {@link #logFile()}. */
  public synchronized void start(List<String> command) {
    start(command, Map.of());
  }

  /** {@link #start(List)} with {@code environment} added to this JVM's. */
  public synchronized void start(List<String> command, Map<String, String> environment) {
    if (isRunning()) {
      return;
    }
    List<String> full = inNamespace(command);
    try {
      ProcessBuilder builder = new ProcessBuilder(full);
      builder.environment().putAll(environment);
      process = builder
          .directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
    } catch (IOException e) {
      throw new RouterDaemonException("cannot start " + kind + ": " + full, e);
    }
    frozen = false;
    LOG.info("{} started, pid {}: {}", kind, process.pid(), String.join(" ", full));
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    if (process == null) {
      throw new IllegalStateException(kind + " was never started");
    }
    return process.pid();
  }

  /** SIGSTOP: the process keeps its sockets but answers nothing, so its peers' hold timers run out. */
  public synchronized void freeze() {
    signal("STOP");
    frozen = true;
  }

  public synchronized void thaw() {
    signal("CONT");
    frozen = false;
  }

  private void signal(String name) {
    if (!isRunning()) {
      throw new IllegalStateException(kind + " is not running");
    }
    Exec.run(Duration.ofSeconds(5), List.of("kill", "-" + name, Long.toString(process.pid())))
        .stdoutOrThrow();
  }

  /** SIGKILL and wait: the daemon dies as in a crash, its TCP sessions closed by the kernel. */
  synchronized void kill() {
    if (process == null || !process.isAlive()) {
      return;
    }
    try {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    frozen = false;
    LOG.info("{} (pid {}) killed", kind, process.pid());
  }

  /** SIGTERM, then SIGKILL after a grace period; a frozen process is thawed first so it can exit. */
  public synchronized void stop() {
    if (process == null) {
      return;
    }
    if (process.isAlive()) {
      if (frozen) {
        thaw();
      }
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          LOG.warn("{} (pid {}) ignored SIGTERM, killing it", kind, process.pid());
          process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
      LOG.info("{} (pid {}) stopped", kind, process.pid());
    }
    frozen = false;
  }

  /**
   * Lets the process outlive this JVM: the shutdown hook no longer stops it, so ending it is the
   * caller's job (a lab deployed by one command is destroyed by another, by pid and namespace).
   */
  public void detach() {
    LIVE.remove(this);
  }

  /** Runs one CLI command next to the daemon (same namespace) and returns its result. */
  Exec.Result exec(Duration timeout, List<String> command) {
    return Exec.run(timeout, inNamespace(command));
  }

  /** Stops the daemon and deletes its directory (unless the caller gave it). */
  @Override
  public synchronized void close() {
    try {
      stop();
    } finally {
      LIVE.remove(this);
      if (ownsDir) {
        try {
          MoreFiles.deleteRecursively(dir, RecursiveDeleteOption.ALLOW_INSECURE);
        } catch (IOException e) {
          LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
      }
    }
  }
}
