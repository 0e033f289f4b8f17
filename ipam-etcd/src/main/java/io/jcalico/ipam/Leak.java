package io.jcalico.ipam;

import inet.ipaddr.IPAddress;
import io.jcalico.ipam.model.BlockAllocation;
import java.util.Optional;

/** An allocation whose handle is not among the live ones: a candidate for garbage collection. */
public record Leak(BlockAllocation allocation, IPAddress block, Optional<String> blockHost) {
  public IPAddress address() {
    return allocation.address();
  }

  public String handleId() {
    return allocation.handleId();
  }

  /** The node the allocation was made for (its "node" attribute), if recorded. */
  public Optional<String> node() {
    return Optional.ofNullable(allocation.attributes().get(io.jcalico.ipam.model.AllocationAttribute.NODE));
  }
}
