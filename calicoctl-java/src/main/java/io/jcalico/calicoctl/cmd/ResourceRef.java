package io.jcalico.calicoctl.cmd;

import io.jcalico.calicoctl.client.KindNames;
import io.jcalico.datastore.model.ResourceKind;

/** A resource named on the command line: kind (any accepted spelling), name and namespace. */
record ResourceRef(ResourceKind kind, String namespace, String name) {
  static ResourceRef of(String kindName, String name, String namespace) {
    ResourceKind kind = KindNames.require(kindName);
    return new ResourceRef(kind, kind.namespaced() ? (namespace == null ? "default" : namespace) : null, name);
  }

  String display() {
    return kind.kindName() + "(" + (namespace == null ? "" : namespace + "/") + name + ")";
  }
}
