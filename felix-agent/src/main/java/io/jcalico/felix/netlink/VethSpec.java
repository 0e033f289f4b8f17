package io.jcalico.felix.netlink;

import com.google.common.base.Preconditions;
import inet.ipaddr.mac.MACAddress;

/**
 * A veth pair to create: this end {@code name} in the socket's namespace, the other end
 * {@code peerName}, created directly inside {@code peerNamespace} when one is given (no window in
 * which the peer sits in the wrong namespace under a name that may clash).
 *
 * @param mtu 0 for the kernel default
 * @param mac this end's MAC, or {@code null} for a random one
 * @param peerMac the peer's MAC, or {@code null}
 * @param peerNamespace where the peer is created, or {@code null} for the same namespace
 */
public record VethSpec(
    String name, MACAddress mac, int mtu, String peerName, MACAddress peerMac, NetNamespace peerNamespace) {
  public VethSpec {
    Links.checkName(name);
    Links.checkName(peerName);
    Preconditions.checkArgument(mtu >= 0, "mtu %s", mtu);
  }

  public static VethSpec of(String name, String peerName) {
    return new VethSpec(name, null, 0, peerName, null, null);
  }

  public VethSpec withMac(MACAddress m) {
    return new VethSpec(name, m, mtu, peerName, peerMac, peerNamespace);
  }

  public VethSpec withMtu(int m) {
    return new VethSpec(name, mac, m, peerName, peerMac, peerNamespace);
  }

  public VethSpec withPeerMac(MACAddress m) {
    return new VethSpec(name, mac, mtu, peerName, m, peerNamespace);
  }

  public VethSpec withPeerIn(NetNamespace ns) {
    return new VethSpec(name, mac, mtu, peerName, peerMac, ns);
  }
}
