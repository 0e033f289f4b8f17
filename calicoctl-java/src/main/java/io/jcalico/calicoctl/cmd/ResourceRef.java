package io.jcalico.calicoctl.cmd;

import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;

/** A resource a command acts on: kind, namespace (null when not namespaced or all) and name. */
record ResourceRef(ResourceKind kind, String namespace, String name) {
  static ResourceRef of(Resource r) {
    return new ResourceRef(r.kind(), r.namespace(), r.name());
  }

  /** How libcalico-go names a resource in errors: {@code IPPool(pool-1)}, {@code NetworkPolicy(ns/np)}. */
  String id() {
    return kind.kindName() + "(" + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name + ")";
  }
}
