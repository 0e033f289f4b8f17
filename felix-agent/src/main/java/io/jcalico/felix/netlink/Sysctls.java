package io.jcalico.felix.netlink;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes sysctls through {@code /proc/sys} files, in one network namespace.
 * {@code /proc/sys/net} shows the namespace of the thread that opens the file, so for another
 * namespace the whole batch runs in one {@link NetNamespace#call}. A value already set is not
 * rewritten (some writes, such as {@code forwarding}, have side effects on every write).
 */
public final class Sysctls {
  private final Path root;
  private final NetNamespace namespace;

  /** {@code root} is {@code /proc/sys} in production; tests point it at a directory. */
  public Sysctls(Path root, NetNamespace namespace) {
    this.root = root;
    this.namespace = namespace;
  }

  public static Sysctls in(NetNamespace namespace) {
    return new Sysctls(Path.of("/proc/sys"), namespace);
  }

  public NetNamespace namespace() {
    return namespace;
  }

  /** Sets each key in order; returns how many files were actually written. */
  public int apply(Map<SysctlKey, String> settings) {
    return namespace.call(() -> {
      int written = 0;
      for (Map.Entry<SysctlKey, String> e : settings.entrySet()) {
        if (!e.getValue().equals(readHere(e.getKey()))) {
          writeHere(e.getKey(), e.getValue());
          written++;
        }
      }
      return written;
    });
  }

  public void set(SysctlKey key, String value) {
    apply(Map.of(key, value));
  }

  public String get(SysctlKey key) {
    return namespace.call(() -> readHere(key));
  }

  /** Current values, {@code null} for keys whose file does not exist. */
  public Map<SysctlKey, String> read(Collection<SysctlKey> keys) {
    return namespace.call(() -> {
      Map<SysctlKey, String> out = new LinkedHashMap<>();
      for (SysctlKey k : keys) {
        out.put(k, Files.exists(file(k)) ? readHere(k) : null);
      }
      return out;
    });
  }

  private Path file(SysctlKey key) {
    Path p = root;
    for (String part : key.path()) {
      p = p.resolve(part);
    }
    return p;
  }

  private String readHere(SysctlKey key) {
    try {
      return Files.readString(file(key), US_ASCII).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("read sysctl " + key + " in " + namespace, e);
    }
  }

  private void writeHere(SysctlKey key, String value) {
    try {
      // WRITE only: no CREATE, so a missing interface or a disabled IPv6 shows as an error.
      Files.write(file(key), value.getBytes(US_ASCII), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("write sysctl " + key + "=" + value + " in " + namespace, e);
    }
  }
}
