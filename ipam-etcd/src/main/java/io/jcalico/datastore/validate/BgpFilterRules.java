package io.jcalico.datastore.validate;

import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.BGPFilter;
import io.jcalico.datastore.model.BGPFilterSpec;
import io.jcalico.datastore.model.BGPFilterSpec.Rule;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** BGPFilter rules: each rule's action, operator, CIDR family and prefix-length bounds, as Calico checks them. */
final class BgpFilterRules {
  private static final Pattern INTERFACE_GLOB = Pattern.compile("[a-zA-Z0-9_.*-]{1,15}");

  private BgpFilterRules() {}

  static void check(Checks c, BGPFilter filter) {
    BGPFilterSpec s = filter.spec();
    if (c.missing("spec", s)) return;
    rules(c, "spec.exportV4", s.exportV4(), true);
    rules(c, "spec.importV4", s.importV4(), true);
    rules(c, "spec.exportV6", s.exportV6(), false);
    rules(c, "spec.importV6", s.importV6(), false);
  }

  private static void rules(Checks c, String path, List<Rule> rules, boolean v4) {
    for (int i = 0; rules != null && i < rules.size(); i++) rule(c, path + "[" + i + "]", rules.get(i), v4);
  }

  private static void rule(Checks c, String path, Rule r, boolean v4) {
    c.required(path + ".action", r.action());
    c.oneOf(path + ".action", r.action(), BGPFilterSpec.ACTIONS);
    c.oneOf(path + ".matchOperator", r.matchOperator(), BGPFilterSpec.MATCH_OPERATORS);
    c.oneOf(path + ".source", r.source(), BGPFilterSpec.SOURCES);
    if (Checks.present(r.iface()) && !INTERFACE_GLOB.matcher(r.iface()).matches()) {
      c.add(path + ".interface", Checks.q(r.iface()) + " is not a valid interface name pattern: 1-15 letters, digits,"
          + " '_', '.', '-' or '*'");
    }
    boolean hasCidr = Checks.present(r.cidr());
    if (hasCidr != Checks.present(r.matchOperator())) {
      c.add(path, "cidr and matchOperator must be set together");
    }
    Optional<Prefix> cidr = c.cidr(path + ".cidr", r.cidr());
    cidr.filter(p -> p.host().isIPv4() != v4).ifPresent(p ->
        c.add(path + ".cidr", Checks.q(r.cidr()) + " is not an " + (v4 ? "IPv4" : "IPv6") + " CIDR"));
    if (r.prefixLength() == null) return;
    if (!hasCidr) c.add(path + ".prefixLength", "requires cidr");
    int bits = v4 ? 32 : 128;
    c.range(path + ".prefixLength.min", r.prefixLength().min(), 0, bits, "a prefix length");
    c.range(path + ".prefixLength.max", r.prefixLength().max(), 0, bits, "a prefix length");
    Integer min = r.prefixLength().min();
    Integer max = r.prefixLength().max();
    if (min != null && max != null && min > max) c.add(path + ".prefixLength", "min must not exceed max");
  }
}
