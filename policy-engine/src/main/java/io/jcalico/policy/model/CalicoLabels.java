package io.jcalico.policy.model;

import io.jcalico.datastore.selector.Expr;
import io.jcalico.datastore.selector.Selector;
import java.util.List;

/** The labels and label prefixes Calico adds so that selectors can see namespaces and accounts. */
public final class CalicoLabels {

  public static final String NAMESPACE = "projectcalico.org/namespace";
  public static final String ORCHESTRATOR = "projectcalico.org/orchestrator";
  public static final String SERVICE_ACCOUNT = "projectcalico.org/serviceaccount";
  /** Namespace labels reach endpoints through the namespace profile with this prefix. */
  public static final String NAMESPACE_LABEL_PREFIX = "pcns.";
  /** Service-account labels, likewise. */
  public static final String SERVICE_ACCOUNT_LABEL_PREFIX = "pcsa.";
  /** The namespace's own name as a namespace label, so namespaceSelectors can name it. */
  public static final String NAMESPACE_NAME = "projectcalico.org/name";
  public static final String K8S_ORCHESTRATOR = "k8s";

  private CalicoLabels() {}

  /** {@code projectcalico.org/namespace == "<ns>"}. */
  public static Selector inNamespace(String namespace) {
    return new Selector(new Expr.Compare(NAMESPACE, Expr.Op.EQ, namespace));
  }

  /**
   * A namespaceSelector rewritten to select endpoints, as Calico does: its keys get the
   * {@code pcns.} prefix, {@code all()} means "any namespaced endpoint" and {@code global()}
   * "no namespaced endpoint" (host endpoints and global network sets).
   */
  public static Selector namespaceScope(Selector namespaceSelector) {
    Expr namespaced = new Expr.Has(NAMESPACE);
    return namespaceSelector.withLabelPrefix(NAMESPACE_LABEL_PREFIX).mapLeaves(leaf -> {
      if (leaf instanceof Expr.All) {
        return namespaced;
      }
      if (leaf instanceof Expr.Global) {
        return Expr.not(namespaced);
      }
      return leaf;
    });
  }

  /** A service-account selector over endpoint labels ({@code pcsa.} prefix). */
  public static Selector serviceAccountScope(Selector accountSelector) {
    return accountSelector.withLabelPrefix(SERVICE_ACCOUNT_LABEL_PREFIX);
  }

  /** Endpoints running as one of these service accounts. */
  public static Selector serviceAccountNamed(List<String> names) {
    return new Selector(new Expr.InSet(SERVICE_ACCOUNT, false, java.util.Set.copyOf(names)));
  }
}
