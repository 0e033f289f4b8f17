package io.jcalico.felix.wiring;

import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.model.Rule;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.felix.cni.ProfileWriter;
import java.util.List;
import java.util.Map;

/** Networks' profiles as v3 Profile resources, made as Calico's CNI plugin makes them. */
public final class StoreProfileWriter implements ProfileWriter {
  private final ResourceStore store;

  public StoreProfileWriter(ResourceStore store) {
    this.store = store;
  }

  /**
   * A network's default profile: every endpoint listing it gets the label {@code <network>: ""},
   * and traffic in is allowed only from endpoints carrying that label (the network's own), out to
   * anywhere.
   */
  public static Profile defaultProfile(String network) {
    return new Profile(ObjectMeta.named(network), new Profile.ProfileSpec(
        List.of(Rule.action("Allow").withSource(Rule.EntityRule.selecting("has(" + network + ")"))),
        List.of(Rule.action("Allow")),
        Map.of(network, "")));
  }

  /** A read first: after a daemon's first ADD of a network the profile nearly always exists. */
  @Override
  public boolean createIfAbsent(String network) throws AttachException {
    return DatastoreCalls.call("datastore", () -> {
      if (store.get(ResourceKind.PROFILE, null, network).isPresent()) {
        return false;
      }
      try {
        store.create(defaultProfile(network)); // create-if-absent: etcd refuses it where the key exists
        return true;
      } catch (DatastoreException.AlreadyExists concurrent) {
        return false;
      }
    });
  }
}
