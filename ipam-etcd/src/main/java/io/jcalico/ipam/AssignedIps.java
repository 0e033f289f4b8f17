package io.jcalico.ipam;

import io.jcalico.ipam.model.BlockAllocation;
import java.util.ArrayList;
import java.util.List;

/** What autoAssign handed out; each allocation carries the sequence number a release may quote. */
public record AssignedIps(List<BlockAllocation> ipv4, List<BlockAllocation> ipv6) {
  public AssignedIps {
    ipv4 = List.copyOf(ipv4);
    ipv6 = List.copyOf(ipv6);
  }

  public List<BlockAllocation> all() {
    List<BlockAllocation> l = new ArrayList<>(ipv4);
    l.addAll(ipv6);
    return l;
  }
}
