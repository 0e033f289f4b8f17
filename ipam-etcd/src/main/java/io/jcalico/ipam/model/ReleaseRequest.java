package io.jcalico.ipam.model;

import inet.ipaddr.IPAddress;

/**
 * Release one address. With a handle, only if the address is still held by that handle; with a
 * sequence number, only if it is still the same allocation (not released and handed out again
 * since the caller looked).
 */
public record ReleaseRequest(IPAddress address, String handleId, Long sequenceNumber) {
  public ReleaseRequest {
    address = address.withoutPrefixLength();
  }

  public static ReleaseRequest of(IPAddress address) {
    return new ReleaseRequest(address, null, null);
  }

  public static ReleaseRequest exactly(BlockAllocation a) {
    return new ReleaseRequest(a.address(), a.handleId(), a.sequenceNumber());
  }
}
