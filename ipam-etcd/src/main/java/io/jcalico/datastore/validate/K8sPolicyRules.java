package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.model.Addresses.Prefix;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.IntOrString;
import io.jcalico.datastore.model.K8sNetworkPolicy.IPBlock;
import io.jcalico.datastore.model.K8sNetworkPolicy.K8sNetworkPolicySpec;
import io.jcalico.datastore.model.K8sNetworkPolicy.LabelSelector;
import io.jcalico.datastore.model.K8sNetworkPolicy.LabelSelectorRequirement;
import io.jcalico.datastore.model.K8sNetworkPolicy.NetworkPolicyPeer;
import io.jcalico.datastore.model.K8sNetworkPolicy.NetworkPolicyPort;
import java.util.List;
import java.util.Optional;

/** Kubernetes NetworkPolicy rules, as the API server's validation applies them. */
final class K8sPolicyRules {

  private static final List<String> TYPES = List.of("Ingress", "Egress");

  private K8sPolicyRules() {}

  static void check(Checks c, K8sNetworkPolicySpec s) {
    if (c.missing("spec", s)) return;
    if (s.podSelector() == null) c.add("spec.podSelector", "is required ({} selects every pod)");
    selector(c, "spec.podSelector", s.podSelector());
    List<String> types = s.policyTypes();
    for (int i = 0; types != null && i < types.size(); i++) c.oneOf("spec.policyTypes[" + i + "]", types.get(i), TYPES);
    c.unique("spec.policyTypes", types);
    for (int i = 0; s.ingress() != null && i < s.ingress().size(); i++) {
      String p = "spec.ingress[" + i + "]";
      ports(c, p + ".ports", s.ingress().get(i).ports());
      peers(c, p + ".from", s.ingress().get(i).from());
    }
    for (int i = 0; s.egress() != null && i < s.egress().size(); i++) {
      String p = "spec.egress[" + i + "]";
      ports(c, p + ".ports", s.egress().get(i).ports());
      peers(c, p + ".to", s.egress().get(i).to());
    }
  }

  private static void ports(Checks c, String path, List<NetworkPolicyPort> ports) {
    for (int i = 0; ports != null && i < ports.size(); i++) {
      String p = path + "[" + i + "]";
      NetworkPolicyPort port = ports.get(i);
      c.oneOf(p + ".protocol", port.protocol(), NetworkPolicyPort.PROTOCOLS);
      IntOrString v = port.port();
      if (v != null && v.isInt()) {
        c.range(p + ".port", v.intValue(), 1, 65535, "a port");
      } else if (v != null) {
        EndpointRules.portName(c, p + ".port", v.stringValue());
      }
      if (port.endPort() != null) {
        if (v == null) {
          c.add(p + ".endPort", "requires port");
        } else if (!v.isInt()) {
          c.add(p + ".endPort", "cannot be used with the named port " + q(v.stringValue()) + ": a range needs a number");
        } else if (port.endPort() < v.intValue()) {
          c.add(p + ".endPort", port.endPort() + " is less than port " + v.intValue());
        } else {
          c.range(p + ".endPort", port.endPort(), 1, 65535, "a port");
        }
      }
    }
  }

  private static void peers(Checks c, String path, List<NetworkPolicyPeer> peers) {
    for (int i = 0; peers != null && i < peers.size(); i++) {
      String p = path + "[" + i + "]";
      NetworkPolicyPeer peer = peers.get(i);
      boolean selects = peer.podSelector() != null || peer.namespaceSelector() != null;
      if (!selects && peer.ipBlock() == null) {
        c.add(p, "must set podSelector, namespaceSelector or ipBlock");
      } else if (selects && peer.ipBlock() != null) {
        c.add(p + ".ipBlock", "cannot be combined with podSelector or namespaceSelector");
      }
      selector(c, p + ".podSelector", peer.podSelector());
      selector(c, p + ".namespaceSelector", peer.namespaceSelector());
      if (peer.ipBlock() != null) ipBlock(c, p + ".ipBlock", peer.ipBlock());
    }
  }

  private static void ipBlock(Checks c, String path, IPBlock b) {
    if (b.cidr() == null) {
      c.add(path + ".cidr", "is required");
      return;
    }
    Optional<Prefix> cidr = Addresses.prefix(b.cidr(), false);
    if (cidr.isEmpty()) c.add(path + ".cidr", q(b.cidr()) + " is not a valid CIDR");
    for (int i = 0; b.except() != null && i < b.except().size(); i++) {
      String p = path + ".except[" + i + "]";
      Optional<Prefix> ex = Addresses.prefix(b.except().get(i), false);
      if (ex.isEmpty()) {
        c.add(p, q(b.except().get(i)) + " is not a valid CIDR");
      } else if (cidr.isPresent() && (!cidr.get().contains(ex.get()) || ex.get().length() <= cidr.get().length())) {
        c.add(p, q(b.except().get(i)) + " must be a strict subset of cidr " + q(b.cidr()));
      }
    }
  }

  private static void selector(Checks c, String path, LabelSelector s) {
    if (s == null) return;
    MetaRules.labels(c, path + ".matchLabels", s.matchLabels());
    List<LabelSelectorRequirement> exprs = s.matchExpressions();
    for (int i = 0; exprs != null && i < exprs.size(); i++) {
      String p = path + ".matchExpressions[" + i + "]";
      LabelSelectorRequirement r = exprs.get(i);
      if (r.key() == null) {
        c.add(p + ".key", "is required");
      } else if (MetaRules.qualifiedNameProblem(r.key()) != null) {
        c.add(p + ".key", q(r.key()) + " is not valid: " + MetaRules.qualifiedNameProblem(r.key()));
      }
      if (r.operator() == null) c.add(p + ".operator", "is required");
      c.oneOf(p + ".operator", r.operator(), LabelSelectorRequirement.OPERATORS);
      boolean hasValues = r.values() != null && !r.values().isEmpty();
      if (("In".equals(r.operator()) || "NotIn".equals(r.operator())) && !hasValues) {
        c.add(p + ".values", "must not be empty with operator " + r.operator());
      }
      if (("Exists".equals(r.operator()) || "DoesNotExist".equals(r.operator())) && hasValues) {
        c.add(p + ".values", "must be empty with operator " + r.operator());
      }
    }
  }
}
