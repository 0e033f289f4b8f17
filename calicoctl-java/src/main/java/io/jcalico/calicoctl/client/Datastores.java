package io.jcalico.calicoctl.client;

import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.datastore.validate.Admission;
import java.time.Duration;

/** Opens the resource store a configuration points at. */
public final class Datastores {
  private Datastores() {}

  public static ResourceStore open(DatastoreConfig config, Duration timeout) {
    return EtcdResourceStore.connect(String.join(",", config.etcdEndpoints()), timeout, Admission.standard());
  }
}
