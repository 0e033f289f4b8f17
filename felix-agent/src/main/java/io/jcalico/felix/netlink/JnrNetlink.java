package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.RTM_DELADDR;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_DELNEIGH;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_DELROUTE;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWADDR;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWLINK;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWNEIGH;
import static io.jcalico.felix.netlink.NetlinkConstants.RTM_NEWROUTE;
import static io.jcalico.felix.netlink.RtnlCodec.CREATE_EXCL;
import static io.jcalico.felix.netlink.RtnlCodec.CREATE_REPLACE;

import inet.ipaddr.mac.MACAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** {@link Netlink} over one native NETLINK_ROUTE socket ({@link NetlinkSocket}). */
final class JnrNetlink implements Netlink {
  private final NetlinkSocket socket;
  private final String where;

  JnrNetlink(NetlinkSocket socket, String where) {
    this.socket = socket;
    this.where = where;
  }

  private <T> List<T> dump(ByteBuffer request, int replyType, Function<NlMessage, T> decoder, String what) {
    return socket.dump(request, what + " in " + where).stream()
        .filter(m -> m.type() == replyType)
        .map(decoder)
        .toList();
  }

  private void execute(ByteBuffer request, String what) {
    socket.execute(request, what);
  }

  @Override
  public List<Route> listRoutes(IpFamily family) {
    return dump(RtnlCodec.dumpRoutes(family), RTM_NEWROUTE, RtnlCodec::decodeRoute, "list " + family + " routes");
  }

  @Override
  public void addRoute(Route route) {
    execute(RtnlCodec.route(RTM_NEWROUTE, CREATE_EXCL, route), "add route " + route);
  }

  @Override
  public void replaceRoute(Route route) {
    execute(RtnlCodec.route(RTM_NEWROUTE, CREATE_REPLACE, route), "replace route " + route);
  }

  @Override
  public void deleteRoute(Route route) {
    execute(RtnlCodec.route(RTM_DELROUTE, 0, route), "delete route " + route);
  }

  @Override
  public List<Link> listLinks() {
    return dump(RtnlCodec.dumpLinks(), RTM_NEWLINK, RtnlCodec::decodeLink, "list links");
  }

  @Override
  public Optional<Link> linkByName(String name) {
    return getLink(RtnlCodec.getLinkByName(name), "get link " + name);
  }

  @Override
  public Optional<Link> linkByIndex(int index) {
    return getLink(RtnlCodec.getLinkByIndex(index), "get link #" + index);
  }

  private Optional<Link> getLink(ByteBuffer request, String what) {
    try {
      return Optional.of(RtnlCodec.decodeLink(socket.get(request, what)));
    } catch (NetlinkException e) {
      if (e.is(Errno.ENODEV)) {
        return Optional.empty();
      }
      throw e;
    }
  }

  @Override
  public Link createVeth(VethSpec spec) {
    int peerFd = spec.peerNamespace() == null || spec.peerNamespace().isCurrent() ? -1 : spec.peerNamespace().fd();
    execute(RtnlCodec.newVeth(spec, peerFd), "create veth " + spec.name() + "/" + spec.peerName());
    return linkByName(spec.name())
        .orElseThrow(() -> new NetlinkException("create veth " + spec.name() + ": gone right after creation",
            Errno.ENODEV, null));
  }

  @Override
  public void setLinkUp(int index, boolean up) {
    execute(RtnlCodec.setLinkUp(index, up), "set link #" + index + (up ? " up" : " down"));
  }

  @Override
  public void setMtu(int index, int mtu) {
    execute(RtnlCodec.setLinkMtu(index, mtu), "set link #" + index + " mtu " + mtu);
  }

  @Override
  public void setMac(int index, MACAddress mac) {
    execute(RtnlCodec.setLinkMac(index, mac), "set link #" + index + " address " + mac);
  }

  @Override
  public void deleteLink(int index) {
    execute(RtnlCodec.deleteLink(index), "delete link #" + index);
  }

  @Override
  public void moveLinkToNamespace(int index, NetNamespace target) {
    execute(RtnlCodec.setLinkNamespace(index, target.fd()), "move link #" + index + " to " + target);
  }

  @Override
  public List<InterfaceAddress> listAddresses(IpFamily family) {
    return dump(RtnlCodec.dumpAddresses(family), RTM_NEWADDR, RtnlCodec::decodeAddress, "list " + family + " addresses");
  }

  @Override
  public void addAddress(InterfaceAddress address) {
    execute(RtnlCodec.address(RTM_NEWADDR, CREATE_EXCL, address), "add address " + address.address());
  }

  @Override
  public void replaceAddress(InterfaceAddress address) {
    execute(RtnlCodec.address(RTM_NEWADDR, CREATE_REPLACE, address), "replace address " + address.address());
  }

  @Override
  public void deleteAddress(InterfaceAddress address) {
    execute(RtnlCodec.address(RTM_DELADDR, 0, address), "delete address " + address.address());
  }

  @Override
  public List<Neighbour> listNeighbours(IpFamily family) {
    return dump(RtnlCodec.dumpNeighbours(family), RTM_NEWNEIGH, RtnlCodec::decodeNeighbour, "list " + family + " neighbours");
  }

  @Override
  public void replaceNeighbour(Neighbour n) {
    execute(RtnlCodec.neighbour(RTM_NEWNEIGH, CREATE_REPLACE, n), "replace neighbour " + n.address());
  }

  @Override
  public void deleteNeighbour(Neighbour n) {
    execute(RtnlCodec.neighbour(RTM_DELNEIGH, 0, n), "delete neighbour " + n.address());
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public String toString() {
    return "rtnetlink(" + where + ")";
  }
}
