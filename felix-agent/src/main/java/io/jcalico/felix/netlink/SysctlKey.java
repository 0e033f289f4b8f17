package io.jcalico.felix.netlink;

import com.google.common.base.Preconditions;
import com.google.common.collect.ImmutableList;
import java.util.List;

/**
 * A sysctl as path components under {@code /proc/sys}. Built from components, not from the
 * dotted form, because interface names may contain dots ({@code vxlan.calico}).
 */
public record SysctlKey(List<String> path) {
  public SysctlKey {
    path = ImmutableList.copyOf(path);
    Preconditions.checkArgument(!path.isEmpty(), "empty sysctl key");
    for (String part : path) {
      Preconditions.checkArgument(!part.isEmpty() && !part.contains("/") && !part.equals(".") && !part.equals(".."),
          "bad sysctl path component '%s'", part);
    }
  }

  public static SysctlKey of(String... components) {
    return new SysctlKey(List.of(components));
  }

  /** {@code net.ipv4.conf.<iface>.<name>} (iface may be {@code all} or {@code default}). */
  public static SysctlKey ipv4Conf(String iface, String name) {
    return of("net", "ipv4", "conf", iface, name);
  }

  /** {@code net.ipv6.conf.<iface>.<name>}. */
  public static SysctlKey ipv6Conf(String iface, String name) {
    return of("net", "ipv6", "conf", iface, name);
  }

  /** {@code net.ipv4.neigh.<iface>.<name>}. */
  public static SysctlKey ipv4Neigh(String iface, String name) {
    return of("net", "ipv4", "neigh", iface, name);
  }

  /** The dotted name as {@code sysctl(8)} prints it (dots inside a component become '/'). */
  @Override
  public String toString() {
    return String.join(".", path.stream().map(p -> p.replace('.', '/')).toList());
  }
}
