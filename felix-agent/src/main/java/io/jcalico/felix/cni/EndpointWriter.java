package io.jcalico.felix.cni;

import java.util.Optional;

/** What the CNI needs from the datastore: the pod's WorkloadEndpoint resource. */
public interface EndpointWriter {

  /** Creates the endpoint or replaces the one of that name. */
  void write(PodEndpoint endpoint) throws AttachException;

  Optional<PodEndpoint> read(String namespace, String name) throws AttachException;

  /** Deletes it; an endpoint that does not exist is success. */
  void delete(String namespace, String name) throws AttachException;
}
