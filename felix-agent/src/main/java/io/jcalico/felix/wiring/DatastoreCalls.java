package io.jcalico.felix.wiring;

import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.ipam.IpamException;
import java.util.function.Supplier;

/** Datastore and IPAM failures as CNI errors: an unreachable etcd is "try again later" (code 11). */
final class DatastoreCalls {
  private DatastoreCalls() {}

  static <T> T call(String what, Supplier<T> c) throws AttachException {
    try {
      return c.get();
    } catch (DatastoreException.Unavailable e) {
      throw new AttachException(e.getMessage(), true, e);
    } catch (IpamException | DatastoreException e) {
      throw new AttachException(what + ": " + e.getMessage(), false, e);
    }
  }
}
