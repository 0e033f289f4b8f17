package io.jcalico.datastore.store;

import io.jcalico.datastore.model.Resource;

/** What a resource goes through before it is written: defaults filled, then validation. */
@FunctionalInterface
public interface ResourceAdmission {
  /** The resource to store, or {@link DatastoreException.Invalid} with every problem found. */
  Resource admit(Resource resource);

  ResourceAdmission NONE = r -> r;
}
