package io.jcalico.policy.ir;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.selector.Selector;
import io.jcalico.policy.hash.Names;
import io.jcalico.policy.model.Endpoint;
import io.jcalico.policy.model.NamedPort;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The IP sets one family's rules need, built on first use: selector sets (addresses of every
 * endpoint, local or remote, the selector matches; ID = Calico's selector UniqueID), named-port
 * sets (address, protocol, port of the matching endpoints that have the named port) and network
 * sets (for rules with several nets). Selector evaluation is memoised across families.
 */
final class IpSetIndex {

  private final List<Endpoint> endpoints;
  private final Map<String, List<Endpoint>> matchesBySelector;
  private final int ipVersion;
  private final SortedMap<String, IpSet> sets = new TreeMap<>();

  IpSetIndex(List<Endpoint> endpoints, Map<String, List<Endpoint>> sharedMatches, int ipVersion) {
    this.endpoints = endpoints;
    this.matchesBySelector = sharedMatches;
    this.ipVersion = ipVersion;
  }

  static Map<String, List<Endpoint>> newMatchCache() {
    return new HashMap<>();
  }

  private List<Endpoint> matching(Selector s) {
    return matchesBySelector.computeIfAbsent(
        s.canonical(), k -> endpoints.stream().filter(e -> s.evaluate(e.selectorLabels())).toList());
  }

  /** The set of addresses of the endpoints {@code s} selects. */
  String selectorSet(Selector s) {
    String id = s.uniqueId();
    if (!sets.containsKey(id)) {
      List<IpSet.Member> members = new ArrayList<>();
      for (Endpoint e : matching(s)) {
        e.addresses(ipVersion).forEach(a -> members.add(IpSet.Member.of(a)));
      }
      sets.put(id, IpSet.of(id, ipVersion, IpSet.Type.HASH_IP, members));
    }
    return id;
  }

  /** The (address, protocol, port) set for a named port among the endpoints {@code s} selects. */
  String namedPortSet(Selector s, Integer protocol, String portName) {
    String id = Names.setId('n', List.of(s.canonical(), String.valueOf(protocol), portName));
    if (!sets.containsKey(id)) {
      List<IpSet.Member> members = new ArrayList<>();
      for (Endpoint e : matching(s)) {
        for (NamedPort p : e.namedPorts()) {
          if (p.name().equals(portName) && (protocol == null || p.protocol() == protocol)) {
            e.addresses(ipVersion).forEach(a -> members.add(IpSet.Member.of(a, p.protocol(), p.port())));
          }
        }
      }
      sets.put(id, IpSet.of(id, ipVersion, IpSet.Type.HASH_IP_PORT, members));
    }
    return id;
  }

  /** A set of networks; equal lists share one set. */
  String netSet(List<IPAddress> nets) {
    List<IPAddress> sorted = nets.stream().map(IPAddress::toPrefixBlock).sorted().distinct().toList();
    String id = Names.setId('c', sorted.stream().map(IPAddress::toString).toList());
    sets.computeIfAbsent(
        id, k -> IpSet.of(k, ipVersion, IpSet.Type.HASH_NET, sorted.stream().map(IpSet.Member::of).toList()));
    return id;
  }

  SortedMap<String, IpSet> sets() {
    return sets;
  }
}
