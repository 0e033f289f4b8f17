package io.jcalico.ipam;

/**
 * A key to create in the same etcd transaction as an allocation's last block write (see
 * {@link Ipam#autoAssign(AutoAssignArgs, java.util.function.Function)}): the record that uses the
 * addresses, such as a WorkloadEndpoint, stored with them or not at all.
 *
 * @param value the bytes to store; the key must not exist yet
 */
public record CompanionWrite(String key, byte[] value) {

  /** What an allocation with a companion did. */
  public record Assigned(AssignedIps ips, boolean companionCreated) {}
}
