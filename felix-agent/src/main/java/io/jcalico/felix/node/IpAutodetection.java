package io.jcalico.felix.node;

import com.google.common.base.Splitter;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.felix.netlink.InterfaceAddress;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Link;
import io.jcalico.felix.netlink.Netlink;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The node address when {@code IP=autodetect} (or {@code IP6=autodetect}), by calico-node's
 * {@code IP_AUTODETECTION_METHOD} / {@code IP6_AUTODETECTION_METHOD}: {@code first-found} (the
 * default), {@code interface=<regex>[,<regex>]}, {@code skip-interface=<regex>[,...]},
 * {@code can-reach=<address>} and {@code cidr=<cidr>[,...]}. Only global-scope addresses on
 * interfaces that are up count; the address keeps its subnet prefix, as Calico stores it.
 */
public final class IpAutodetection {
  /** Interfaces first-found never picks (Calico's default exclusions: bridges, tunnels, pods' veths). */
  static final List<Pattern> EXCLUDED_BY_DEFAULT = patterns(List.of("^docker.*", "^cbr.*", "^dummy.*", "^virbr.*",
      "^lxcbr.*", "^veth.*", "^lo", "^cali.*", "^tunl.*", "^flannel.*", "^kube-ipvs.*", "^cni.*", "^vxlan\\.calico.*",
      "^vxlan-v6\\.calico.*", "^wireguard\\.cali.*", "^wg-v6\\.cali.*", "^nodelocaldns.*"));

  private IpAutodetection() {}

  /** One candidate: an address and the interface carrying it. */
  record Candidate(String interfaceName, IPAddress address) {}

  /** Detects in the namespace {@code netlink} is open in. */
  public static IPAddress detect(Netlink netlink, IpFamily family, String method) {
    Map<Integer, Link> up = netlink.listLinks().stream().filter(Link::isUp)
        .collect(Collectors.toMap(Link::index, Function.identity()));
    List<Candidate> candidates = netlink.listAddresses(family).stream()
        .filter(a -> up.containsKey(a.interfaceIndex()))
        .map(a -> new Candidate(up.get(a.interfaceIndex()).name(), a.address()))
        .toList();
    return choose(candidates, family, method, IpAutodetection::localAddressTowards);
  }

  /**
   * The choice among {@code candidates} (in the kernel's order, as Calico walks the interfaces); {@code routeSource} answers which local address the kernel would use
   * towards a destination (for {@code can-reach}).
   */
  static IPAddress choose(List<Candidate> candidates, IpFamily family, String method,
      Function<IPAddress, Optional<IPAddress>> routeSource) {
    String m = method == null || method.isBlank() ? "first-found" : method.trim();
    String flag = family == IpFamily.V4 ? "IP_AUTODETECTION_METHOD" : "IP6_AUTODETECTION_METHOD";
    List<Candidate> usable = candidates.stream()
        .filter(c -> IpFamily.of(c.address()) == family && !c.address().isLoopback() && !c.address().isLinkLocal())
        .toList();
    Optional<Candidate> found;
    if (m.equals("first-found")) {
      found = usable.stream().filter(c -> !matchesAny(EXCLUDED_BY_DEFAULT, c.interfaceName())).findFirst();
    } else if (m.startsWith("interface=")) {
      List<Pattern> wanted = patterns(list(m, "interface="));
      found = usable.stream().filter(c -> matchesAny(wanted, c.interfaceName())).findFirst();
    } else if (m.startsWith("skip-interface=")) {
      List<Pattern> skipped = patterns(list(m, "skip-interface="));
      found = usable.stream().filter(c -> !matchesAny(skipped, c.interfaceName())
          && !matchesAny(EXCLUDED_BY_DEFAULT, c.interfaceName())).findFirst();
    } else if (m.startsWith("cidr=")) {
      List<IPAddress> cidrs = list(m, "cidr=").stream().map(s -> parse(s, flag)).toList();
      found = usable.stream().filter(c -> cidrs.stream()
          .anyMatch(p -> p.toPrefixBlock().contains(c.address().withoutPrefixLength()))).findFirst();
    } else if (m.startsWith("can-reach=")) {
      IPAddress dest = parse(m.substring("can-reach=".length()), flag).withoutPrefixLength();
      if (IpFamily.of(dest) != family) throw new IllegalArgumentException(flag + " " + m + " names an address of the other family");
      IPAddress source = routeSource.apply(dest)
          .orElseThrow(() -> new IllegalArgumentException("no route from this node to " + dest + " (" + flag + "=" + m + ")"));
      found = usable.stream().filter(c -> c.address().withoutPrefixLength().equals(source)).findFirst();
    } else {
      throw new IllegalArgumentException(flag + " \"" + m
          + "\" is not one of first-found, interface=, skip-interface=, cidr=, can-reach=");
    }
    return found.map(Candidate::address).orElseThrow(() -> new IllegalArgumentException(
        "no IPv" + (family == IpFamily.V4 ? "4" : "6") + " address found by " + flag + "=" + m
            + " among " + usable.stream().map(c -> c.interfaceName() + " " + c.address()).toList()));
  }

  /** What the kernel picks as source towards {@code dest}: a connected UDP socket sends nothing. */
  private static Optional<IPAddress> localAddressTowards(IPAddress dest) {
    try (DatagramSocket s = new DatagramSocket()) {
      s.connect(new InetSocketAddress(InetAddress.getByAddress(dest.getBytes()), 53));
      InetAddress local = s.getLocalAddress();
      return local == null || local.isAnyLocalAddress() ? Optional.empty()
          : Optional.of(new IPAddressString(local.getHostAddress()).getAddress());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<String> list(String method, String prefix) {
    return Splitter.on(',').trimResults().omitEmptyStrings().splitToList(method.substring(prefix.length()));
  }

  private static IPAddress parse(String text, String flag) {
    IPAddress a = new IPAddressString(text).getAddress();
    if (a == null) throw new IllegalArgumentException(flag + ": \"" + text + "\" is not an address or CIDR");
    return a;
  }

  private static List<Pattern> patterns(List<String> regexes) {
    return regexes.stream().map(Pattern::compile).toList();
  }

  private static boolean matchesAny(List<Pattern> patterns, String name) {
    // Go's regexp.MatchString, as Calico matches: anywhere in the name unless the pattern anchors
    return patterns.stream().anyMatch(p -> p.matcher(name).find());
  }
}
