package io.jcalico.policy.model;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.selector.Selector;
import java.util.List;

/**
 * The source or destination side of a rule, already resolved to Calico's backend form: the
 * {@code selector} includes the namespace scoping and service-account terms (so it is evaluated
 * as is against endpoint labels), null meaning "no selector match"; {@code notSelector} is
 * matched in the global scope, as Calico does. Nets are prefixes ({@code inet.ipaddr}); ports are
 * numeric ranges or names of endpoint ports. Every non-empty criterion must hold; within a list
 * any entry may match (for the {@code not} lists: none may).
 */
public record EntityMatch(
    List<IPAddress> nets,
    List<IPAddress> notNets,
    Selector selector,
    Selector notSelector,
    List<PortRange> ports,
    List<String> namedPorts,
    List<PortRange> notPorts,
    List<String> notNamedPorts) {

  public static final EntityMatch ANY = new EntityMatch(null, null, null, null, null, null, null, null);

  public EntityMatch {
    nets = copy(nets);
    notNets = copy(notNets);
    ports = copy(ports);
    namedPorts = copy(namedPorts);
    notPorts = copy(notPorts);
    notNamedPorts = copy(notNamedPorts);
  }

  private static <T> List<T> copy(List<T> l) {
    return l == null ? List.of() : List.copyOf(l);
  }

  public boolean hasPorts() {
    return !ports.isEmpty() || !namedPorts.isEmpty() || !notPorts.isEmpty() || !notNamedPorts.isEmpty();
  }

  public EntityMatch withNets(List<IPAddress> n) {
    return new EntityMatch(n, notNets, selector, notSelector, ports, namedPorts, notPorts, notNamedPorts);
  }

  public EntityMatch withNotNets(List<IPAddress> n) {
    return new EntityMatch(nets, n, selector, notSelector, ports, namedPorts, notPorts, notNamedPorts);
  }

  public EntityMatch withSelector(Selector s) {
    return new EntityMatch(nets, notNets, s, notSelector, ports, namedPorts, notPorts, notNamedPorts);
  }

  public EntityMatch withNotSelector(Selector s) {
    return new EntityMatch(nets, notNets, selector, s, ports, namedPorts, notPorts, notNamedPorts);
  }

  public EntityMatch withPorts(List<PortRange> p, List<String> named) {
    return new EntityMatch(nets, notNets, selector, notSelector, p, named, notPorts, notNamedPorts);
  }

  public EntityMatch withNotPorts(List<PortRange> p, List<String> named) {
    return new EntityMatch(nets, notNets, selector, notSelector, ports, namedPorts, p, named);
  }
}
