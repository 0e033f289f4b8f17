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
import java.util.function.Consumer;

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
  private List<Consumer<IpSetIndex>> recording;

  /** From now on, remember every set asked for, so a cached chain can ask again ({@link #replay}). */
  void startRecording() {
    recording = new ArrayList<>();
  }

  /** The requests since {@link #startRecording}. */
  List<Consumer<IpSetIndex>> stopRecording() {
    List<Consumer<IpSetIndex>> r = List.copyOf(recording);
    recording = null;
    return r;
  }

  /** Asks for the sets a chain compiled earlier asked for, so this family's index holds them too. */
  void replay(List<Consumer<IpSetIndex>> requests) {
    requests.forEach(r -> r.accept(this));
  }

  private void record(Consumer<IpSetIndex> request) {
    if (recording != null) {
      recording.add(request);
    }
  }

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
    record(i -> i.selectorSet(s));
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
    record(i -> i.namedPortSet(s, protocol, portName));
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
    record(i -> i.netSet(nets));
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
