package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.ResourceKind;

/** calicoctl's namespace rules for a resource given in a file or on the command line. */
final class Namespaces {
  private Namespaces() {}

  /**
   * The namespace to act in: null for a kind without namespaces or for all namespaces; {@code
   * default} when none is given. Conflicting choices fail with calicoctl's messages.
   *
   * @param resourceNs the namespace in the document or name (null or empty: none)
   * @param cliNs {@code -n} (null or empty: none)
   */
  static String resolve(ResourceKind kind, String resourceNs, String cliNs, boolean allNamespaces) {
    boolean res = resourceNs != null && !resourceNs.isEmpty();
    boolean cli = cliNs != null && !cliNs.isEmpty();
    if (!kind.namespaced()) {
      if (res) {
        throw new IllegalArgumentException("namespace should not be specified for a non-namespaced resource. "
            + kind.kindName() + " is not a namespaced resource");
      }
      if (allNamespaces || cli) throw new IllegalArgumentException(kind.kindName() + " is not namespaced");
      return null;
    }
    if (allNamespaces && cli) {
      throw new IllegalArgumentException("cannot use both --namespace and --all-namespaces flags at the same time");
    }
    if (allNamespaces) return null;
    if (!res) return cli ? cliNs : "default";
    if (cli && !resourceNs.equals(cliNs)) {
      throw new IllegalArgumentException("resource namespace does not match client namespace. " + resourceNs + " != " + cliNs);
    }
    return resourceNs;
  }
}
