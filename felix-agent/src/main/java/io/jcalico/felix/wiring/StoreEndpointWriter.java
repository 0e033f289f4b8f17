package io.jcalico.felix.wiring;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.model.WorkloadEndpoint;
import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.felix.cni.EndpointWriter;
import io.jcalico.felix.cni.PodEndpoint;
import java.util.List;
import java.util.Optional;

/** The CNI's endpoints as v3 WorkloadEndpoint resources in the datastore. */
public final class StoreEndpointWriter implements EndpointWriter {
  private final ResourceStore store;

  public StoreEndpointWriter(ResourceStore store) {
    this.store = store;
  }

  @Override
  public void write(PodEndpoint e) throws AttachException {
    WorkloadEndpoint wep = new WorkloadEndpoint(
        new ObjectMeta(e.name(), e.namespace(), e.labels(), null, null, null, null, null),
        new WorkloadEndpoint.WorkloadEndpointSpec(e.orchestrator(), emptyToNull(e.workload()), e.node(), e.containerId(),
            emptyToNull(e.pod()), e.endpoint(), null, e.ipNetworks().stream().map(IPAddress::toCanonicalString).toList(),
            null, null, null, e.profiles(), e.interfaceName(), e.mac() == null ? null : e.mac().toColonDelimitedString(),
            null, null, null));
    DatastoreCalls.call("datastore", () -> {
      try {
        return store.create(wep); // a new sandbox's endpoint, nearly always: one round trip
      } catch (DatastoreException.AlreadyExists exists) {
        return store.apply(wep); // an ADD repeated for the same sandbox
      }
    });
  }

  @Override
  public Optional<PodEndpoint> read(String namespace, String name) throws AttachException {
    return DatastoreCalls.call("datastore", () -> store.get(ResourceKind.WORKLOAD_ENDPOINT, namespace, name)
        .map(WorkloadEndpoint.class::cast).map(StoreEndpointWriter::toPod));
  }

  @Override
  public void delete(String namespace, String name) throws AttachException {
    DatastoreCalls.call("datastore", () -> {
      try {
        return store.delete(ResourceKind.WORKLOAD_ENDPOINT, namespace, name, null);
      } catch (DatastoreException.NotFound e) {
        return null; // already gone: DEL must succeed
      }
    });
  }

  private static PodEndpoint toPod(WorkloadEndpoint w) {
    var s = w.spec();
    List<IPAddress> nets = s.ipNetworks() == null ? List.of()
        : s.ipNetworks().stream().map(n -> new IPAddressString(n).getAddress()).toList();
    return new PodEndpoint(w.namespace(), w.name(), w.metadata().labelsOrEmpty(), s.orchestrator(),
        nullToEmpty(s.workload()), s.node(), s.containerID(), nullToEmpty(s.pod()), s.endpoint(), s.interfaceName(),
        s.mac() == null ? null : new MACAddressString(s.mac()).getAddress(), nets,
        s.profiles() == null ? List.of() : s.profiles());
  }



  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String nullToEmpty(String s) {
    return s == null ? "" : s;
  }
}
