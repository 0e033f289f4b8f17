package io.jcalico.policy.model;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.GlobalNetworkPolicy;
import io.jcalico.datastore.model.NetworkPolicy;
import io.jcalico.datastore.model.PolicySpec;
import io.jcalico.datastore.model.Port;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.Rule;
import io.jcalico.datastore.selector.Selector;
import java.util.ArrayList;
import java.util.List;

/**
 * Calico's v3 NetworkPolicy, GlobalNetworkPolicy and Profile in backend form, as libcalico-go's
 * update processors convert them: a namespaced policy's selector is limited to its namespace;
 * a rule's selector, namespaceSelector and serviceAccounts fold into one endpoint selector,
 * limited to the policy's namespace (or to the selected namespaces) as soon as any selector field
 * is used; notSelector stays global. Resources are expected to be valid (see the validator).
 *
 * <p>Not enforced here, as in Calico without its application layer: {@code http} matches (the
 * rest of the rule still applies). Rules naming Kubernetes {@code services} are left out, since
 * service endpoints are not in the model.
 */
public final class CalicoPolicies {

  private CalicoPolicies() {}

  public static Policy of(NetworkPolicy np) {
    NetworkPolicy.NetworkPolicySpec s = np.spec();
    String ns = np.metadata().namespace();
    Selector selector = Selector.and(CalicoLabels.inNamespace(ns), Selector.parse(s.selector()), accountScope(s));
    return policy(PolicyId.namespaced(ns, np.metadata().name()).withTier(s.tier()), s, selector, ns);
  }

  public static Policy of(GlobalNetworkPolicy gnp) {
    GlobalNetworkPolicy.GlobalNetworkPolicySpec s = gnp.spec();
    Selector namespaces = present(s.namespaceSelector())
        ? CalicoLabels.namespaceScope(Selector.parse(s.namespaceSelector())) : Selector.ALL;
    Selector selector = Selector.and(Selector.parse(s.selector()), namespaces, accountScope(s));
    return policy(PolicyId.global(gnp.metadata().name()).withTier(s.tier()), s, selector, null);
  }

  public static ProfileRules of(Profile p) {
    Profile.ProfileSpec s = p.spec();
    return new ProfileRules(p.metadata().name(), rules(s.ingress(), null), rules(s.egress(), null));
  }

  private static Selector accountScope(PolicySpec s) {
    return present(s.serviceAccountSelector())
        ? CalicoLabels.serviceAccountScope(Selector.parse(s.serviceAccountSelector())) : Selector.ALL;
  }

  private static Policy policy(PolicyId id, PolicySpec s, Selector selector, String ns) {
    List<String> types = s.types() == null || s.types().isEmpty()
        ? PolicySpec.inferTypes(s.ingress(), s.egress()) : s.types();
    return new Policy(id, s.order(), selector,
        types.contains(PolicySpec.TYPE_INGRESS), types.contains(PolicySpec.TYPE_EGRESS),
        rules(s.ingress(), ns), rules(s.egress(), ns));
  }

  static List<PolicyRule> rules(List<Rule> rules, String ns) {
    List<PolicyRule> out = new ArrayList<>();
    if (rules != null) {
      for (Rule r : rules) {
        if (usesServices(r.source()) || usesServices(r.destination())) {
          continue;
        }
        out.add(rule(r, ns));
      }
    }
    return out;
  }

  private static boolean usesServices(Rule.EntityRule e) {
    return e != null && e.services() != null;
  }

  static PolicyRule rule(Rule r, String ns) {
    return new PolicyRule(
        Action.parse(r.action()),
        r.ipVersion(),
        r.protocol() == null ? null : r.protocol().numeric().orElseThrow(),
        r.notProtocol() == null ? null : r.notProtocol().numeric().orElseThrow(),
        icmp(r.icmp()),
        icmp(r.notICMP()),
        entity(r.source(), ns),
        entity(r.destination(), ns));
  }

  private static Icmp icmp(Rule.ICMPFields f) {
    return f == null || f.type() == null ? null : new Icmp(f.type(), f.code());
  }

  /** libcalico-go's GetEntityRuleSelector plus the plain fields. */
  static EntityMatch entity(Rule.EntityRule e, String ns) {
    if (e == null) {
      return EntityMatch.ANY;
    }
    Selector accounts = null;
    if (e.serviceAccounts() != null) {
      Rule.ServiceAccountMatch sa = e.serviceAccounts();
      accounts = Selector.and(
          present(sa.selector()) ? CalicoLabels.serviceAccountScope(Selector.parse(sa.selector())) : Selector.ALL,
          Absent.list(sa.names()).isEmpty() ? Selector.ALL : CalicoLabels.serviceAccountNamed(sa.names()));
    }
    Selector own = present(e.selector()) ? Selector.parse(e.selector()) : null;
    Selector combined = accounts == null ? own : own == null ? accounts : Selector.and(accounts, own);
    Selector scope = present(e.namespaceSelector())
        ? CalicoLabels.namespaceScope(Selector.parse(e.namespaceSelector()))
        : ns != null ? CalicoLabels.inNamespace(ns) : null;
    boolean scoped = combined != null || present(e.notSelector()) || present(e.namespaceSelector());
    Selector selector = combined;
    if (scope != null && scoped) {
      selector = combined == null ? scope : Selector.and(scope, combined);
    }
    return new EntityMatch(
        nets(e.nets()),
        nets(e.notNets()),
        selector,
        present(e.notSelector()) ? Selector.parse(e.notSelector()) : null,
        numeric(e.ports()),
        named(e.ports()),
        numeric(e.notPorts()),
        named(e.notPorts()));
  }

  static List<IPAddress> nets(List<String> nets) {
    return Absent.list(nets).stream()
        .map(n -> Addresses.prefix(n, true).orElseThrow(() -> new IllegalArgumentException("not a CIDR: " + n)).network())
        .toList();
  }

  static List<PortRange> numeric(List<Port> ports) {
    return Absent.list(ports).stream().filter(p -> !p.isNamed()).map(p -> new PortRange(p.min(), p.max())).toList();
  }

  static List<String> named(List<Port> ports) {
    return Absent.list(ports).stream().filter(Port::isNamed).map(Port::name).toList();
  }

  private static boolean present(String s) {
    return s != null && !s.isBlank();
  }
}
