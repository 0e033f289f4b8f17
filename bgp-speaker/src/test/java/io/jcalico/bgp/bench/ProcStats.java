package io.jcalico.bgp.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Peak RSS and CPU time of a process, read from /proc the way {@code ps} and {@code time} do. */
record ProcStats(long peakRssBytes, double cpuSeconds) {
  // USER_HZ is 100 on every Linux ABI the JDK runs on; /proc/PID/stat counts in it.
  private static final double TICKS_PER_SECOND = 100.0;

  static ProcStats of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      long hwmKb = Files.readAllLines(proc.resolve("status")).stream()
          .filter(l -> l.startsWith("VmHWM:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
          .findFirst().orElseThrow(() -> new IllegalStateException("no VmHWM for pid " + pid));
      // Fields after the ")" that closes the command name: state is field 3, utime 14, stime 15.
      String stat = Files.readString(proc.resolve("stat"));
      List<String> fields = List.of(stat.substring(stat.lastIndexOf(')') + 2).split(" "));
      long ticks = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
      return new ProcStats(hwmKb * 1024, ticks / TICKS_PER_SECOND);
    } catch (IOException e) {
      throw new UncheckedIOException("process " + pid + " gone?", e);
    }
  }
}
