package io.jcalico.felix.cni;

import java.util.Optional;

/** What the CNI needs from the datastore: the pod's WorkloadEndpoint resource. */
public interface EndpointWriter {

  /** Creates the endpoint or replaces the one of that name. */
  void write(PodEndpoint endpoint) throws AttachException;

  Optional<PodEndpoint> read(String namespace, String name) throws AttachException;

  /** Deletes it; an endpoint that does not exist is success. */
  void delete(String namespace, String name) throws AttachException;

  /**
   * The endpoint's creation as a datastore write (key and stored bytes), for IPAM to make in the
   * transaction that takes its addresses; empty when this writer cannot, or the endpoint would be
   * refused ({@link #write} then reports why).
   */
  default Optional<PreparedWrite> prepareCreate(PodEndpoint endpoint) {
    return Optional.empty();
  }

  /** A key to create with its value. */
  record PreparedWrite(String key, byte[] value) {}
}
