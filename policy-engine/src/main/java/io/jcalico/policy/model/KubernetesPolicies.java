package io.jcalico.policy.model;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.IntOrString;
import io.jcalico.datastore.model.K8sNetworkPolicy;
import io.jcalico.datastore.model.K8sNetworkPolicy.IPBlock;
import io.jcalico.datastore.model.K8sNetworkPolicy.LabelSelector;
import io.jcalico.datastore.model.K8sNetworkPolicy.LabelSelectorRequirement;
import io.jcalico.datastore.model.K8sNetworkPolicy.NetworkPolicyPeer;
import io.jcalico.datastore.model.K8sNetworkPolicy.NetworkPolicyPort;
import io.jcalico.datastore.selector.Expr;
import io.jcalico.datastore.selector.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Kubernetes {@code networking.k8s.io/v1} NetworkPolicy in Calico's terms, as Calico converts it:
 * a namespaced policy {@code knp.default.<name>} of order 1000 selecting the namespace's
 * Kubernetes pods; types from {@code policyTypes} (default: Ingress, plus Egress when there are
 * egress rules); each rule becomes one Allow rule per peer and protocol, its ports (with
 * {@code endPort} ranges, named ports) on the policy's side; an empty peer list means anyone, an
 * empty port list any port, an empty rule list allows nothing (so: default deny).
 */
public final class KubernetesPolicies {

  /** Calico gives every Kubernetes policy this order. */
  public static final double ORDER = 1000.0;

  private KubernetesPolicies() {}

  public static Policy of(K8sNetworkPolicy knp) {
    K8sNetworkPolicy.K8sNetworkPolicySpec s = knp.spec();
    String ns = knp.metadata().namespace();
    Selector selector = Selector.and(CalicoLabels.inNamespace(ns), k8sPods(), labelSelector(s.podSelector()));
    List<String> types = Absent.list(s.policyTypes()).isEmpty()
        ? (Absent.list(s.egress()).isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress")) : s.policyTypes();
    List<PolicyRule> ingress = new ArrayList<>();
    Absent.list(s.ingress()).forEach(r -> ingress.addAll(rules(Absent.list(r.from()), Absent.list(r.ports()), ns, true)));
    List<PolicyRule> egress = new ArrayList<>();
    Absent.list(s.egress()).forEach(r -> egress.addAll(rules(Absent.list(r.to()), Absent.list(r.ports()), ns, false)));
    return new Policy(PolicyId.kubernetes(ns, knp.metadata().name()), ORDER, selector,
        types.contains("Ingress"), types.contains("Egress"), ingress, egress);
  }

  private static List<PolicyRule> rules(List<NetworkPolicyPeer> peers, List<NetworkPolicyPort> ports, String ns, boolean ingress) {
    List<NetworkPolicyPeer> peerList = peers.isEmpty() ? Arrays.asList((NetworkPolicyPeer) null) : peers;
    Map<Integer, List<NetworkPolicyPort>> byProtocol = new LinkedHashMap<>();
    if (ports.isEmpty()) {
      byProtocol.put(null, List.of());
    }
    for (NetworkPolicyPort p : ports) {
      byProtocol.computeIfAbsent(protocol(p.protocol()), k -> new ArrayList<>()).add(p);
    }
    List<PolicyRule> out = new ArrayList<>();
    for (Map.Entry<Integer, List<NetworkPolicyPort>> e : byProtocol.entrySet()) {
      List<PortRange> numeric = new ArrayList<>();
      List<String> named = new ArrayList<>();
      for (NetworkPolicyPort p : e.getValue()) {
        IntOrString port = p.port();
        if (port == null) {
          continue; // all ports of the protocol
        } else if (port.isInt()) {
          numeric.add(new PortRange(port.intValue(), p.endPort() == null ? port.intValue() : p.endPort()));
        } else {
          named.add(port.stringValue());
        }
      }
      boolean anyPort = e.getValue().stream().anyMatch(p -> p.port() == null);
      EntityMatch local = anyPort ? EntityMatch.ANY : EntityMatch.ANY.withPorts(numeric, named);
      for (NetworkPolicyPeer peer : peerList) {
        EntityMatch remote = peer(peer, ns);
        PolicyRule r = PolicyRule.of(Action.ALLOW).withProtocol(e.getKey());
        out.add(ingress ? r.withSource(remote).withDestination(local) : r.withSource(EntityMatch.ANY).withDestination(merge(remote, local)));
      }
    }
    return out;
  }

  /** The remote side's match plus the ports (egress rules carry both on the destination). */
  private static EntityMatch merge(EntityMatch peer, EntityMatch ports) {
    return peer.withPorts(ports.ports(), ports.namedPorts());
  }

  private static Integer protocol(String p) {
    return switch (p == null ? "TCP" : p) {
      case "TCP" -> 6;
      case "UDP" -> 17;
      case "SCTP" -> 132;
      default -> throw new IllegalArgumentException("unsupported protocol " + p);
    };
  }

  private static EntityMatch peer(NetworkPolicyPeer peer, String ns) {
    if (peer == null) {
      return EntityMatch.ANY;
    }
    IPBlock block = peer.ipBlock();
    if (block != null) {
      List<IPAddress> except = CalicoPolicies.nets(block.except());
      return EntityMatch.ANY.withNets(CalicoPolicies.nets(List.of(block.cidr()))).withNotNets(except);
    }
    Selector pods = Selector.and(k8sPods(), peer.podSelector() == null ? Selector.ALL : labelSelector(peer.podSelector()));
    Selector scope = peer.namespaceSelector() == null
        ? CalicoLabels.inNamespace(ns)
        : CalicoLabels.namespaceScope(labelSelector(peer.namespaceSelector()));
    return EntityMatch.ANY.withSelector(Selector.and(scope, pods));
  }

  private static Selector k8sPods() {
    return new Selector(new Expr.Compare(CalicoLabels.ORCHESTRATOR, Expr.Op.EQ, CalicoLabels.K8S_ORCHESTRATOR));
  }

  /** A Kubernetes label selector as a Calico selector; {@code {}} (or none) is all(). */
  public static Selector labelSelector(LabelSelector ls) {
    if (ls == null) {
      return Selector.ALL;
    }
    List<Selector> parts = new ArrayList<>();
    new TreeMap<>(Absent.map(ls.matchLabels())).forEach((k, v) -> parts.add(new Selector(new Expr.Compare(k, Expr.Op.EQ, v))));
    for (LabelSelectorRequirement r : Absent.list(ls.matchExpressions())) {
      Expr e = switch (r.operator()) {
        case "In" -> new Expr.InSet(r.key(), false, Set.copyOf(Absent.list(r.values())));
        case "NotIn" -> new Expr.InSet(r.key(), true, Set.copyOf(Absent.list(r.values())));
        case "Exists" -> new Expr.Has(r.key());
        case "DoesNotExist" -> Expr.not(new Expr.Has(r.key()));
        default -> throw new IllegalArgumentException("unknown label selector operator " + r.operator());
      };
      parts.add(new Selector(e));
    }
    return Selector.and(parts.toArray(Selector[]::new));
  }
}
