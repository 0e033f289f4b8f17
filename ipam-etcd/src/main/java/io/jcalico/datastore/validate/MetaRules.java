package io.jcalico.datastore.validate;

import static io.jcalico.datastore.validate.Checks.q;

import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import java.util.Map;
import java.util.regex.Pattern;

/** Names, namespaces, labels and annotations, by Kubernetes' and Calico's rules. */
final class MetaRules {

  private static final Pattern LABEL = Checks.DNS_LABEL;
  /** Calico policy names: a DNS label, or two joined by one dot ({@code tier.name}), or Calico's own k8s prefixes. */
  private static final Pattern POLICY_NAME = Pattern.compile(
      "(" + LABEL + ")(\\." + LABEL + ")?|(knp|ossg)\\.default\\." + Checks.DNS_SUBDOMAIN);
  private static final Pattern GLOBAL_POLICY_NAME = Pattern.compile("(" + LABEL + "\\.)?" + LABEL);
  private static final Pattern QUALIFIED_NAME_PART = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
  private static final long ANNOTATIONS_LIMIT = 256 * 1024;

  private MetaRules() {}

  static void check(Checks c, Resource r) {
    ObjectMeta m = r.metadata();
    if (m == null) {
      c.add("metadata", "is required");
      return;
    }
    name(c, r.kind(), m.name());
    if (m.namespace() != null) {
      if (!r.kind().namespaced()) {
        c.add("metadata.namespace", "must not be set: " + r.kind().kindName() + " is not namespaced");
      } else if (m.namespace().length() > 63 || !LABEL.matcher(m.namespace()).matches()) {
        c.add("metadata.namespace", q(m.namespace()) + " is not a valid namespace: a DNS label of at most 63 lower case"
            + " letters, digits and '-'");
      }
    }
    labels(c, "metadata.labels", m.labels());
    annotations(c, "metadata.annotations", m.annotations());
  }

  private static void name(Checks c, ResourceKind kind, String name) {
    if (!Checks.present(name)) {
      c.add("metadata.name", "is required");
      return;
    }
    if (name.length() > 253) {
      c.add("metadata.name", q(name) + " is too long by " + (name.length() - 253) + " characters (at most 253)");
      return;
    }
    switch (kind) {
      case NETWORK_POLICY -> {
        if (!POLICY_NAME.matcher(name).matches()) {
          c.add("metadata.name", q(name) + " is not a valid policy name: lower case letters, digits and '-', with at"
              + " most one '.' (as in tier.name)");
        }
      }
      case GLOBAL_NETWORK_POLICY -> {
        if (!GLOBAL_POLICY_NAME.matcher(name).matches()) {
          c.add("metadata.name", q(name) + " is not a valid policy name: lower case letters, digits and '-', with at"
              + " most one '.' (as in tier.name)");
        }
      }
      default -> c.subdomain("metadata.name", name);
    }
  }

  /** Label keys are qualified names, values at most 63 characters of the same alphabet. */
  static void labels(Checks c, String path, Map<String, String> labels) {
    if (labels == null) return;
    labels.forEach((k, v) -> {
      String why = qualifiedNameProblem(k);
      if (why != null) c.add(path, "key " + q(k) + " is not valid: " + why);
      if (!v.isEmpty() && (v.length() > 63 || !QUALIFIED_NAME_PART.matcher(v).matches())) {
        c.add(path + "." + k, q(v) + " is not a valid label value: at most 63 letters, digits, '-', '_' or '.',"
            + " starting and ending with a letter or digit");
      }
    });
  }

  static void annotations(Checks c, String path, Map<String, String> annotations) {
    if (annotations == null) return;
    long size = 0;
    for (Map.Entry<String, String> e : annotations.entrySet()) {
      String why = qualifiedNameProblem(e.getKey().toLowerCase(java.util.Locale.ROOT));
      if (why != null) c.add(path, "key " + q(e.getKey()) + " is not valid: " + why);
      size += e.getKey().length() + e.getValue().length();
    }
    if (size > ANNOTATIONS_LIMIT) {
      c.add(path, "are too large by " + (size - ANNOTATIONS_LIMIT) + " bytes (at most 256 KiB in all)");
    }
  }

  /** Kubernetes' qualified name: {@code [prefix/]name}, prefix a DNS subdomain. Null when valid. */
  static String qualifiedNameProblem(String key) {
    String name = key;
    int slash = key.indexOf('/');
    if (slash >= 0) {
      String prefix = key.substring(0, slash);
      name = key.substring(slash + 1);
      if (prefix.isEmpty() || prefix.length() > 253 || !Checks.DNS_SUBDOMAIN.matcher(prefix).matches()) {
        return "the prefix must be a DNS subdomain (lower case letters, digits, '-' and '.')";
      }
    }
    if (name.isEmpty() || name.length() > 63 || !QUALIFIED_NAME_PART.matcher(name).matches()) {
      return "the name part must be 1-63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
    }
    return null;
  }
}
