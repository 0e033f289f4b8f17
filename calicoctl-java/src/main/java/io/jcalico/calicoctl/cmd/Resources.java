package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;

/** Resources named on the command line. */
final class Resources {
  private Resources() {}

  /** A resource with only a kind, a name and (for namespaced kinds, may be null) a namespace. */
  static Resource named(ResourceKind kind, String namespace, String name) {
    ObjectNode doc = JsonNodeFactory.instance.objectNode();
    doc.put("apiVersion", kind.apiVersion()).put("kind", kind.kindName());
    ObjectNode meta = doc.putObject("metadata").put("name", name);
    if (namespace != null) meta.put("namespace", namespace);
    return ResourceCodec.get().fromTree(doc, "command line", kind);
  }
}
