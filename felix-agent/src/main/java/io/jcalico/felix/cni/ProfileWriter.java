package io.jcalico.felix.cni;

/** What the CNI needs from the datastore for a container outside Kubernetes: its network's Profile. */
public interface ProfileWriter {

  /**
   * Creates the default profile of network {@code network} (named after it) unless a profile of
   * that name exists, which then stays exactly as it is, an operator's edits included. Another
   * writer creating it at the same moment is success too.
   *
   * @return whether this call created it
   */
  boolean createIfAbsent(String network) throws AttachException;
}
