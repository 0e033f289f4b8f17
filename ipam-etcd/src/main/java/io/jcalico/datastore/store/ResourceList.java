package io.jcalico.datastore.store;

import io.jcalico.datastore.model.Resource;
import java.util.List;

/** The resources of a list call and the etcd revision they were read at (watch from revision + 1). */
public record ResourceList(List<Resource> items, long revision) {
  public ResourceList {
    items = List.copyOf(items);
  }
}
