package io.jcalico.policy.model;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.model.Addresses;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.WorkloadEndpoint;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A WorkloadEndpoint as policy sees it. Its effective labels are, lowest precedence first: the
 * labels its profiles apply (in profile order), then its own, then the identity labels Calico
 * always sets (namespace, orchestrator, service account).
 */
public final class Endpoints {

  private Endpoints() {}

  public static Endpoint of(WorkloadEndpoint wep, Map<String, Profile> profiles) {
    WorkloadEndpoint.WorkloadEndpointSpec s = wep.spec();
    Map<String, String> labels = new HashMap<>();
    for (String name : Absent.list(s.profiles())) {
      Profile p = profiles.get(name);
      if (p != null && p.spec() != null) {
        labels.putAll(Absent.map(p.spec().labelsToApply()));
      }
    }
    labels.putAll(wep.metadata().labelsOrEmpty());
    if (wep.metadata().namespace() != null) {
      labels.put(CalicoLabels.NAMESPACE, wep.metadata().namespace());
    }
    if (s.orchestrator() != null) {
      labels.put(CalicoLabels.ORCHESTRATOR, s.orchestrator());
    }
    if (s.serviceAccountName() != null) {
      labels.put(CalicoLabels.SERVICE_ACCOUNT, s.serviceAccountName());
    }
    List<IPAddress> addresses = Absent.list(s.ipNetworks()).stream()
        .map(n -> Addresses.prefix(n, true).orElseThrow(() -> new IllegalArgumentException("not an address: " + n)).host())
        .toList();
    List<NamedPort> ports = Absent.list(s.ports()).stream()
        .filter(p -> p.name() != null && p.port() != null && p.protocol() != null)
        .map(p -> new NamedPort(p.name(), p.protocol().numeric().orElseThrow(), p.port()))
        .toList();
    String key = wep.metadata().namespace() + "/" + wep.metadata().name();
    return new Endpoint(key, s.interfaceName(), addresses, labels, s.profiles(), ports);
  }
}
