package io.jcalico.felix.cni;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** WorkloadEndpoints in a map keyed "namespace/name". */
final class FakeEndpointWriter implements EndpointWriter {
  final Map<String, PodEndpoint> endpoints = new LinkedHashMap<>();
  AttachException failWrite;
  AttachException failRead;
  AttachException failDelete;

  @Override
  public synchronized void write(PodEndpoint ep) throws AttachException {
    if (failWrite != null) {
      throw failWrite;
    }
    endpoints.put(ep.namespace() + "/" + ep.name(), ep);
  }

  @Override
  public synchronized Optional<PodEndpoint> read(String namespace, String name) throws AttachException {
    if (failRead != null) {
      throw failRead;
    }
    return Optional.ofNullable(endpoints.get(namespace + "/" + name));
  }

  @Override
  public synchronized void delete(String namespace, String name) throws AttachException {
    if (failDelete != null) {
      throw failDelete;
    }
    endpoints.remove(namespace + "/" + name);
  }
}
