package io.jcalico.felix.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * When calico-node reached each phase of its start, in milliseconds since its process started
 * (so the JVM's own start counts), written as one line once every phase is in. Phases run in
 * parallel, so the line lists them in the order they were reached. Only the first mark of a
 * phase counts: a phase reached again later (a reconnect, a resync) is no start-up.
 */
public final class StartupTimeline {

  /** The phases an operator waits for after a (re)start. */
  public enum Phase {
    JVM_MAIN("jvm main"),
    CONFIG("config"),
    ETCD_CONNECTED("etcd connected"),
    NODE_REGISTERED("node registered"),
    /** Every syncer (endpoints, BGP inputs, policy) has listed all its kinds once. */
    DATASTORE_SYNCED("datastore synced"),
    /** The kernel's routes of ours read back and adopted (kept, not flushed). */
    ROUTES_ADOPTED("routes adopted"),
    /** The kernel's policy tables read back and brought in line with the synced datastore. */
    POLICY_PROGRAMMED("policy programmed"),
    BGP_LISTENING("bgp listening"),
    CNI_LISTENING("cni listening"),
    READY("ready");

    private final String label;

    Phase(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** Linux's clock ticks per second in /proc (USER_HZ, 100 on every architecture it runs on). */
  private static final long USER_HZ = 100;

  private final LongSupplier nowMillis;
  private final long originMillis;
  private final Consumer<String> out;
  private final Map<Phase, Long> reached = new EnumMap<>(Phase.class);
  private boolean written;

  /**
   * @param nowMillis the wall clock in epoch milliseconds
   * @param originMillis what the offsets count from (epoch milliseconds)
   * @param out where the line goes once every phase is in
   */
  public StartupTimeline(LongSupplier nowMillis, long originMillis, Consumer<String> out) {
    this.nowMillis = nowMillis;
    this.originMillis = originMillis;
    this.out = out;
  }

  /** Offsets from this process's start (now, if the system does not say when that was). */
  public static StartupTimeline sinceProcessStart(Consumer<String> out) {
    long now = System.currentTimeMillis();
    return new StartupTimeline(System::currentTimeMillis, now - processAgeMillis().orElse(0), out);
  }

  /**
   * How long ago this process started, to about 10 ms: its start in clock ticks since boot
   * ({@code /proc/self/stat}) against the time since boot ({@code /proc/uptime}). (The JDK's
   * {@code ProcessHandle.Info.startInstant} counts from the boot time in whole seconds.)
   */
  static OptionalLong processAgeMillis() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      // fields after the command name, which is in parentheses and may hold spaces; starttime is field 22
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(f[22 - 3]);
      double uptimeSeconds = Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]);
      return OptionalLong.of(Math.max(0, Math.round(uptimeSeconds * 1000) - startTicks * 1000 / USER_HZ));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Records that {@code phase} is reached now, unless it was before; the last phase writes the line. */
  public void mark(Phase phase) {
    String line;
    synchronized (this) {
      if (reached.putIfAbsent(phase, nowMillis.getAsLong() - originMillis) != null || written
          || reached.size() < Phase.values().length) {
        return;
      }
      written = true;
      line = line();
    }
    out.accept(line);
  }

  /** When {@code phase} was reached, in ms since the origin; empty if not yet. */
  public synchronized OptionalLong offset(Phase phase) {
    Long at = reached.get(phase);
    return at == null ? OptionalLong.empty() : OptionalLong.of(at);
  }

  /** The phases reached so far, in the order reached: {@code "start-up (ms since the process started): jvm main 310, ..."}. */
  public synchronized String line() {
    return reached.entrySet().stream().sorted(Map.Entry.<Phase, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey().label() + " " + e.getValue())
        .collect(Collectors.joining(", ", "start-up (ms since the process started): ", ""));
  }
}
