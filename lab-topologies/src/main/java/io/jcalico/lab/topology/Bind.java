package io.jcalico.lab.topology;

import java.nio.file.Path;

/**
 * A containerlab bind {@code host-path:container-path[:ro|rw]}: the host path resolved against the
 * topology file's directory. Namespaces share the host's file system, so the runner never mounts
 * it over {@code containerPath}: it hands the host file to the daemon that would read the
 * container path (see the runner's router nodes).
 */
public record Bind(Path hostPath, String containerPath, boolean readOnly) {

  /** Parses one bind entry; {@code where} names the node for the error message. */
  static Bind parse(String spec, Path baseDir, String where) {
    String[] parts = spec.split(":");
    if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
      throw new TopologyException(where + ": bind \"" + spec + "\" is not host-path:container-path[:ro]");
    }
    if (!parts[1].startsWith("/")) {
      throw new TopologyException(where + ": bind \"" + spec + "\": the container path must be absolute");
    }
    boolean ro = false;
    if (parts.length == 3) {
      switch (parts[2]) {
        case "ro" -> ro = true;
        case "rw", "z", "Z" -> ro = false;
        default -> throw new TopologyException(where + ": bind \"" + spec + "\": unknown option " + parts[2]);
      }
    }
    return new Bind(baseDir.resolve(parts[0]).normalize(), parts[1], ro);
  }

  /** The file name part of the container path, e.g. {@code frr.conf} for {@code /etc/frr/frr.conf}. */
  public String containerFileName() {
    return Path.of(containerPath).getFileName().toString();
  }
}
