package io.jcalico.policy.ir;

import com.google.common.collect.ImmutableSortedSet;
import inet.ipaddr.IPAddress;
import java.util.Collection;
import java.util.Comparator;
import java.util.SortedSet;

/**
 * An IP set as desired: its ID (from which the kernel name derives), what it holds and its
 * members, kept sorted so equal sets render identically.
 */
public record IpSet(String id, int ipVersion, Type type, SortedSet<Member> members) {

  /** The kinds Felix uses; names as ipset(8) spells them. */
  public enum Type {
    HASH_IP("hash:ip"),
    HASH_NET("hash:net"),
    HASH_IP_PORT("hash:ip,port");

    private final String ipsetName;

    Type(String ipsetName) {
      this.ipsetName = ipsetName;
    }

    public String ipsetName() {
      return ipsetName;
    }
  }

  /** An address, a network, or an address with a protocol and port. */
  public record Member(IPAddress address, int protocol, int port) {
    static final Comparator<Member> ORDER =
        Comparator.comparing(Member::address).thenComparingInt(Member::protocol).thenComparingInt(Member::port);

    public static Member of(IPAddress address) {
      return new Member(address, 0, 0);
    }

    public static Member of(IPAddress address, int protocol, int port) {
      return new Member(address, protocol, port);
    }
  }

  public IpSet {
    members = ImmutableSortedSet.copyOf(Member.ORDER, members);
  }

  public static IpSet of(String id, int ipVersion, Type type, Collection<Member> members) {
    return new IpSet(id, ipVersion, type, ImmutableSortedSet.copyOf(Member.ORDER, members));
  }
}
