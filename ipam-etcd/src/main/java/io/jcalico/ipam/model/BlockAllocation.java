package io.jcalico.ipam.model;

import inet.ipaddr.IPAddress;
import java.util.Map;

/**
 * One address in use in a block: the address (no prefix length), its ordinal, its handle and
 * attributes, and the sequence number that a release must quote to prove it is not stale.
 */
public record BlockAllocation(IPAddress address, int ordinal, String handleId, Map<String, String> attributes,
    long sequenceNumber) {

  public BlockAllocation {
    attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
  }
}
