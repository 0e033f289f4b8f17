package io.jcalico.felix.driver.iptables;

import io.jcalico.policy.ir.Dataplane;
import io.jcalico.policy.render.iptables.IptablesRenderer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One table (filter or nat) as a driver needs to know it, parsed from {@code iptables-save -t <table>}:
 * the rule hashes of each of our ({@code cali-}) chains in order, and the hashes found in the
 * kernel's own chains (to see whether our hooks are there). A rule without our hash gets an
 * empty hash, which differs from every real one, so the driver rewrites it.
 */
record IptablesState(Map<String, List<String>> ourChains, Map<String, List<String>> kernelChains) {

  static final String OUR_PREFIX = "cali-";
  private static final Pattern HASH = Pattern.compile(
      "--comment \"?" + Pattern.quote(IptablesRenderer.HASH_PREFIX) + "([A-Za-z0-9_-]+)");

  IptablesState {
    ourChains = Collections.unmodifiableMap(new LinkedHashMap<>(ourChains));
    kernelChains = Collections.unmodifiableMap(new LinkedHashMap<>(kernelChains));
  }

  static IptablesState parse(String save) {
    return parse(Dataplane.Table.FILTER, save);
  }

  static IptablesState parse(Dataplane.Table table, String save) {
    Map<String, List<String>> ours = new LinkedHashMap<>();
    Map<String, List<String>> kernel = new LinkedHashMap<>();
    boolean inTable = false;
    for (String line : save.split("\n")) {
      if (line.startsWith("*")) {
        inTable = line.equals("*" + table.iptablesName());
      } else if (!inTable) {
        continue;
      } else if (line.startsWith(":")) {
        String name = line.substring(1).split(" ", 2)[0];
        (name.startsWith(OUR_PREFIX) ? ours : kernel).put(name, new ArrayList<>());
      } else if (line.startsWith("-A ")) {
        String chain = line.substring(3).split(" ", 2)[0];
        Matcher m = HASH.matcher(line);
        String hash = m.find() ? m.group(1) : "";
        (chain.startsWith(OUR_PREFIX) ? ours : kernel).computeIfAbsent(chain, k -> new ArrayList<>()).add(hash);
      }
    }
    return new IptablesState(ours, kernel);
  }
}
