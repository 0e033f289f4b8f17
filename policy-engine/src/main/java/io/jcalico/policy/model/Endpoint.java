package io.jcalico.policy.model;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.selector.Labels;
import java.util.List;
import java.util.Map;

/**
 * An endpoint as policy sees it: its effective labels (own labels plus
 * {@code projectcalico.org/namespace}, {@code projectcalico.org/orchestrator},
 * {@code projectcalico.org/serviceaccount} and the labels its profiles apply, e.g. {@code pcns.*}),
 * its addresses (without prefix length), its profiles in order and its named ports.
 * {@code interfaceName} is the host-side interface; remote endpoints have none.
 */
public record Endpoint(
    String key,
    String interfaceName,
    List<IPAddress> addresses,
    Map<String, String> labels,
    List<String> profiles,
    List<NamedPort> namedPorts) {

  public Endpoint {
    if (key == null) {
      throw new IllegalArgumentException("an endpoint needs a key");
    }
    addresses = addresses == null ? List.of() : addresses.stream().map(IPAddress::withoutPrefixLength).toList();
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
    namedPorts = namedPorts == null ? List.of() : List.copyOf(namedPorts);
  }

  public Labels selectorLabels() {
    return labels::get;
  }

  public List<IPAddress> addresses(int ipVersion) {
    return addresses.stream().filter(a -> (ipVersion == 4) == a.isIPv4()).toList();
  }
}
