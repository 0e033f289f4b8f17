package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.present;
import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.GlobalNetworkPolicy.GlobalNetworkPolicySpec;
import io.jcalico.datastore.model.PolicySpec;
import io.jcalico.datastore.model.Port;
import io.jcalico.datastore.model.Profile.ProfileSpec;
import io.jcalico.datastore.model.Protocol;
import io.jcalico.datastore.model.Rule.EntityRule;
import io.jcalico.datastore.model.Rule.HTTPMatch;
import io.jcalico.datastore.model.Rule.HTTPPath;
import io.jcalico.datastore.model.Rule.ICMPFields;
import io.jcalico.datastore.model.Rule;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** NetworkPolicy, GlobalNetworkPolicy and Profile rules, down to each rule and entity match. */
final class PolicyRules {

  private static final List<String> TYPES = List.of(PolicySpec.TYPE_INGRESS, PolicySpec.TYPE_EGRESS);

  private PolicyRules() {}

  static void policy(Checks c, PolicySpec s) {
    if (c.missing("spec", s)) return;
    if (present(s.tier()) && (s.tier().length() > 63 || !Checks.DNS_LABEL.matcher(s.tier()).matches())) {
      c.add("spec.tier", q(s.tier()) + " is not a valid tier name: lower case letters, digits and '-' (no '.')");
    }
    if (s.order() != null && (s.order().isNaN() || s.order().isInfinite())) c.add("spec.order", "must be a finite number");
    Selectors.check(c, "spec.selector", s.selector());
    Selectors.checkNoGlobal(c, "spec.selector", s.selector());
    Selectors.check(c, "spec.serviceAccountSelector", s.serviceAccountSelector());
    Selectors.checkNoGlobal(c, "spec.serviceAccountSelector", s.serviceAccountSelector());
    List<String> types = s.types();
    for (int i = 0; types != null && i < types.size(); i++) c.oneOf("spec.types[" + i + "]", types.get(i), TYPES);
    c.unique("spec.types", types);
    List<String> hints = s.performanceHints();
    for (int i = 0; hints != null && i < hints.size(); i++) {
      c.oneOf("spec.performanceHints[" + i + "]", hints.get(i), PolicySpec.PERFORMANCE_HINTS);
    }
    c.unique("spec.performanceHints", hints);
    boolean global = s instanceof GlobalNetworkPolicySpec;
    rules(c, "spec.ingress", s.ingress(), true, global);
    rules(c, "spec.egress", s.egress(), false, global);
    if (s instanceof GlobalNetworkPolicySpec g) globalOnly(c, g);
  }

  private static void globalOnly(Checks c, GlobalNetworkPolicySpec g) {
    Selectors.check(c, "spec.namespaceSelector", g.namespaceSelector());
    Selectors.checkNoGlobal(c, "spec.namespaceSelector", g.namespaceSelector());
    boolean preDnat = Boolean.TRUE.equals(g.preDNAT());
    boolean untracked = Boolean.TRUE.equals(g.doNotTrack());
    if (preDnat && untracked) c.add("spec.preDNAT", "cannot be true together with spec.doNotTrack");
    if (preDnat && g.egress() != null && !g.egress().isEmpty()) {
      c.add("spec.egress", "must be empty in a preDNAT policy: pre-DNAT policy applies to ingress only");
    }
    if (preDnat && g.types() != null && g.types().contains(PolicySpec.TYPE_EGRESS)) {
      c.add("spec.types", "must not contain Egress in a preDNAT policy");
    }
    if ((preDnat || untracked) && !Boolean.TRUE.equals(g.applyOnForward())) {
      c.add("spec.applyOnForward", "must be true when spec.preDNAT or spec.doNotTrack is true");
    }
  }

  static void profile(Checks c, ProfileSpec s) {
    if (s == null) return;
    rules(c, "spec.ingress", s.ingress(), true, false);
    rules(c, "spec.egress", s.egress(), false, false);
    MetaRules.labels(c, "spec.labelsToApply", s.labelsToApply());
  }

  private static void rules(Checks c, String path, List<Rule> rules, boolean ingress, boolean global) {
    for (int i = 0; rules != null && i < rules.size(); i++) {
      String p = path + "[" + i + "]";
      Rule r = rules.get(i);
      rule(c, p, r);
      EntityRule serviceSide = ingress ? r.source() : r.destination();
      EntityRule otherSide = ingress ? r.destination() : r.source();
      if (otherSide != null && otherSide.services() != null) {
        c.add(p + (ingress ? ".destination" : ".source") + ".services", "is not allowed in an "
            + (ingress ? "ingress rule's destination" : "egress rule's source"));
      }
      if (global && serviceSide != null && serviceSide.services() != null && !present(serviceSide.services().namespace())) {
        c.add(p + (ingress ? ".source" : ".destination") + ".services.namespace", "is required in a global policy");
      }
      if (!ingress && r.http() != null) c.add(p + ".http", "is not allowed in an egress rule");
    }
  }

  static void rule(Checks c, String p, Rule r) {
    if (!present(r.action())) c.add(p + ".action", "is required"); else c.oneOf(p + ".action", r.action(), Rule.ACTIONS);
    if (r.ipVersion() != null && r.ipVersion() != 4 && r.ipVersion() != 6) {
      c.add(p + ".ipVersion", r.ipVersion() + " is not valid: must be 4 or 6");
    }
    protocol(c, p + ".protocol", r.protocol());
    protocol(c, p + ".notProtocol", r.notProtocol());
    icmp(c, p + ".icmp", r.icmp());
    icmp(c, p + ".notICMP", r.notICMP());
    if (r.icmp() != null && (r.protocol() == null || !(r.protocol().isIcmp() || r.protocol().isIcmpV6()))) {
      c.add(p + ".icmp", "requires protocol ICMP or ICMPv6");
    }
    if (r.ipVersion() != null) {
      if ((isIcmp(r.protocol()) || isIcmp(r.notProtocol())) && r.ipVersion() != 4) {
        c.add(p + ".ipVersion", r.ipVersion() + " does not match protocol ICMP: ICMP needs ipVersion 4");
      }
      if ((isIcmpV6(r.protocol()) || isIcmpV6(r.notProtocol())) && r.ipVersion() != 6) {
        c.add(p + ".ipVersion", r.ipVersion() + " does not match protocol ICMPv6: ICMPv6 needs ipVersion 6");
      }
    }
    boolean portsAllowed = r.protocol() != null && r.protocol().supportsPorts();
    Set<Integer> versions = new HashSet<>();
    entity(c, p + ".source", r.source(), portsAllowed, r.ipVersion(), versions);
    entity(c, p + ".destination", r.destination(), portsAllowed, r.ipVersion(), versions);
    http(c, p, r);
    if (r.metadata() != null) MetaRules.annotations(c, p + ".metadata.annotations", r.metadata().annotations());
  }

  private static boolean isIcmp(Protocol p) {
    return p != null && p.isIcmp();
  }

  private static boolean isIcmpV6(Protocol p) {
    return p != null && p.isIcmpV6();
  }

  private static void protocol(Checks c, String path, Protocol p) {
    if (p != null && !p.isValid()) {
      c.add(path, q(p.toString()) + " is not a valid protocol: TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or 1-255");
    }
  }

  private static void icmp(Checks c, String path, ICMPFields f) {
    if (f == null) return;
    c.range(path + ".type", f.type(), 0, 254, "an ICMP type");
    c.range(path + ".code", f.code(), 0, 255, "an ICMP code");
    if (f.code() != null && f.type() == null) c.add(path + ".code", "requires an ICMP type as well");
  }

  private static void entity(Checks c, String p, EntityRule e, boolean portsAllowed, Integer ipVersion, Set<Integer> versions) {
    if (e == null) return;
    Selectors.check(c, p + ".selector", e.selector());
    Selectors.checkNoGlobal(c, p + ".selector", e.selector());
    Selectors.check(c, p + ".notSelector", e.notSelector());
    Selectors.checkNoGlobal(c, p + ".notSelector", e.notSelector());
    Selectors.check(c, p + ".namespaceSelector", e.namespaceSelector());
    String ns = e.namespaceSelector();
    if (ns != null && ns.contains("global(") && !ns.strip().equals(Selectors.GLOBAL)) {
      c.add(p + ".namespaceSelector", q(ns) + " combines global() with other terms: global() must stand alone");
    }
    ports(c, p + ".ports", e.ports(), portsAllowed);
    ports(c, p + ".notPorts", e.notPorts(), portsAllowed);
    nets(c, p + ".nets", e.nets(), ipVersion, versions);
    nets(c, p + ".notNets", e.notNets(), ipVersion, versions);
    if (e.serviceAccounts() != null) {
      Selectors.check(c, p + ".serviceAccounts.selector", e.serviceAccounts().selector());
      c.names(p + ".serviceAccounts.names", e.serviceAccounts().names());
    }
    if (e.services() != null) services(c, p, e);
  }

  private static void services(Checks c, String p, EntityRule e) {
    String path = p + ".services";
    if (!present(e.services().name())) c.add(path + ".name", "is required");
    c.subdomain(path + ".name", e.services().name());
    c.subdomain(path + ".namespace", e.services().namespace());
    if (present(e.namespaceSelector())) c.add(path, "cannot be combined with namespaceSelector");
    if (present(e.selector()) || present(e.notSelector())) c.add(path, "cannot be combined with selector or notSelector");
    if (e.serviceAccounts() != null) c.add(path, "cannot be combined with serviceAccounts");
    if ((e.nets() != null && !e.nets().isEmpty()) || (e.notNets() != null && !e.notNets().isEmpty())) {
      c.add(path, "cannot be combined with nets or notNets");
    }
    if (p.endsWith(".destination") && e.ports() != null && !e.ports().isEmpty()) {
      c.add(p + ".ports", "cannot be set with services: the service's own ports are used");
    }
    if (p.endsWith(".destination") && e.notPorts() != null && !e.notPorts().isEmpty()) {
      c.add(p + ".notPorts", "cannot be set with services: the service's own ports are used");
    }
  }

  private static void ports(Checks c, String path, List<Port> ports, boolean allowed) {
    if (ports == null || ports.isEmpty()) return;
    if (!allowed) c.add(path, "require protocol TCP, UDP or SCTP in the rule");
    for (int i = 0; i < ports.size(); i++) {
      Port port = ports.get(i);
      if (!port.isNamed() && port.min() < 1) {
        c.add(path + "[" + i + "]", q(port.toString()) + " is not a valid port: port numbers are 1-65535");
      }
    }
  }

  /** Networks must parse, agree with ipVersion, and not mix IPv4 and IPv6 within one rule. */
  private static void nets(Checks c, String path, List<String> nets, Integer ipVersion, Set<Integer> versions) {
    if (nets == null) return;
    for (int i = 0; i < nets.size(); i++) {
      String p = path + "[" + i + "]";
      Optional<Prefix> n = c.network(p, nets.get(i));
      if (n.isEmpty()) continue;
      int v = n.get().isIPv4() ? 4 : 6;
      if (ipVersion != null && ipVersion != v) {
        c.add(p, q(nets.get(i)) + " is IPv" + v + " but the rule's ipVersion is " + ipVersion);
      } else if (!versions.isEmpty() && !versions.contains(v)) {
        c.add(p, q(nets.get(i)) + " mixes IPv" + v + " with IPv" + (10 - v) + " networks in one rule");
      }
      versions.add(v);
    }
  }

  private static void http(Checks c, String p, Rule r) {
    HTTPMatch h = r.http();
    if (h == null) return;
    if (r.action() != null && !r.action().equals("Allow")) c.add(p + ".http", "is only allowed in Allow rules");
    if (r.protocol() != null && r.protocol().numeric().orElse(-1) != 6) {
      c.add(p + ".protocol", q(r.protocol().toString()) + " cannot carry HTTP: use TCP or leave it unset");
    }
    c.unique(p + ".http.methods", h.methods());
    List<HTTPPath> paths = h.paths();
    for (int i = 0; paths != null && i < paths.size(); i++) {
      HTTPPath hp = paths.get(i);
      String pp = p + ".http.paths[" + i + "]";
      if (present(hp.exact()) == present(hp.prefix())) {
        c.add(pp, "must set exactly one of exact or prefix");
        continue;
      }
      String v = present(hp.exact()) ? hp.exact() : hp.prefix();
      if (!v.startsWith("/") || v.contains("?") || v.contains("#") || v.contains(" ")) {
        c.add(pp, q(v) + " is not a valid path: it must start with '/' and contain no '?', '#' or space");
      }
    }
  }
}
