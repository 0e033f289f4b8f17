package io.jcalico.policy.model;

/**
 * Which policy: a GlobalNetworkPolicy, a (Calico) NetworkPolicy or a Kubernetes NetworkPolicy,
 * which Calico names {@code knp.default.<name>} in the default tier.
 */
public record PolicyId(Kind kind, String tier, String namespace, String name) {

  public enum Kind { GLOBAL, NAMESPACED, KUBERNETES }

  public PolicyId {
    if (kind == null || name == null || name.isEmpty()) {
      throw new IllegalArgumentException("a policy id needs a kind and a name");
    }
    tier = tier == null || tier.isEmpty() ? "default" : tier;
    if ((kind == Kind.GLOBAL) != (namespace == null)) {
      throw new IllegalArgumentException("only namespaced policies have a namespace: " + kind + " " + namespace);
    }
  }

  public static PolicyId global(String name) {
    return new PolicyId(Kind.GLOBAL, null, null, name);
  }

  public static PolicyId namespaced(String namespace, String name) {
    return new PolicyId(Kind.NAMESPACED, null, namespace, name);
  }

  public static PolicyId kubernetes(String namespace, String name) {
    return new PolicyId(Kind.KUBERNETES, null, namespace, name);
  }

  public PolicyId withTier(String t) {
    return new PolicyId(kind, t, namespace, name);
  }

  /** The name Calico gives the policy in its backend (Kubernetes policies get {@code knp.default.}). */
  public String backendName() {
    return kind == Kind.KUBERNETES ? "knp.default." + name : name;
  }

  /** Unique text naming the policy: {@code tier/name} or {@code tier/namespace/name}; chain names derive from it. */
  public String key() {
    return namespace == null ? tier + "/" + backendName() : tier + "/" + namespace + "/" + backendName();
  }

  @Override
  public String toString() {
    return key();
  }
}
