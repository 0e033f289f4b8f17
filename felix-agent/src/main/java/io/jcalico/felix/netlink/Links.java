package io.jcalico.felix.netlink;

import com.google.common.base.CharMatcher;
import com.google.common.base.Preconditions;

/** Rules for interface names, as the kernel's {@code dev_valid_name} applies them. */
public final class Links {
  private Links() {}

  private static final CharMatcher FORBIDDEN = CharMatcher.anyOf("/:").or(CharMatcher.whitespace());

  /** Throws {@link IllegalArgumentException} for a name the kernel would refuse. */
  public static String checkName(String name) {
    Preconditions.checkArgument(name != null && !name.isEmpty(), "empty interface name");
    Preconditions.checkArgument(name.length() <= NetlinkConstants.IFNAMSIZ_MAX,
        "interface name %s is longer than %s characters", name, NetlinkConstants.IFNAMSIZ_MAX);
    Preconditions.checkArgument(!name.equals(".") && !name.equals("..") && FORBIDDEN.matchesNoneOf(name),
        "invalid interface name %s", name);
    return name;
  }
}
