package io.jcalico.lab.routers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * FRR's {@code /etc/frr/daemons}: lines {@code bgpd=yes}, {@code ospfd=no}, ... (comments with
 * {@code #}; the {@code *_options} lines are the init script's and do not apply here).
 */
final class FrrDaemonsFile {
  private FrrDaemonsFile() {}

  /** The daemons set to {@code yes}, in FRR's own order, leaving out zebra and staticd (always run). */
  static List<String> enabled(Path file) {
    List<String> yes = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        String l = line.strip();
        int eq = l.indexOf('=');
        if (l.startsWith("#") || eq < 0) {
          continue;
        }
        String value = l.substring(eq + 1).strip().replace("\"", "");
        if (value.equals("yes")) {
          yes.add(l.substring(0, eq).strip());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return RouterNode.FRR_DAEMONS.stream().filter(yes::contains).toList();
  }
}
