package io.jcalico.datastore.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * Kubernetes-style object metadata as Calico's v3 resources carry it. {@code resourceVersion} is
 * never stored: it is the etcd mod revision of the key, filled in on every read.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectMeta(
    String name,
    String namespace,
    Map<String, String> labels,
    Map<String, String> annotations,
    String resourceVersion,
    String uid,
    String creationTimestamp,
    String generateName) {

  public ObjectMeta {
    labels = Copies.map(labels);
    annotations = Copies.map(annotations);
  }

  public static ObjectMeta named(String name) {
    return new ObjectMeta(name, null, null, null, null, null, null, null);
  }

  public static ObjectMeta named(String namespace, String name) {
    return new ObjectMeta(name, namespace, null, null, null, null, null, null);
  }

  public Map<String, String> labelsOrEmpty() {
    return labels == null ? Map.of() : labels;
  }

  public ObjectMeta withName(String n) {
    return new ObjectMeta(n, namespace, labels, annotations, resourceVersion, uid, creationTimestamp, generateName);
  }

  public ObjectMeta withNamespace(String ns) {
    return new ObjectMeta(name, ns, labels, annotations, resourceVersion, uid, creationTimestamp, generateName);
  }

  public ObjectMeta withLabels(Map<String, String> l) {
    return new ObjectMeta(name, namespace, l, annotations, resourceVersion, uid, creationTimestamp, generateName);
  }

  public ObjectMeta withResourceVersion(String rv) {
    return new ObjectMeta(name, namespace, labels, annotations, rv, uid, creationTimestamp, generateName);
  }

  public ObjectMeta withIdentity(String newUid, String timestamp) {
    return new ObjectMeta(name, namespace, labels, annotations, resourceVersion, newUid, timestamp, generateName);
  }
}
