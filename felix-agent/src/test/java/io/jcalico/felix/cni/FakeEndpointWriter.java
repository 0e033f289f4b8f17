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
  /** Hand out creates for IPAM to make ({@link #createPrepared}), as the etcd writer does. */
  boolean preparesCreates;
  int writes;
  private final Map<String, PodEndpoint> prepared = new LinkedHashMap<>();

  @Override
  public synchronized void write(PodEndpoint ep) throws AttachException {
    writes++;
    if (failWrite != null) {
      throw failWrite;
    }
    endpoints.put(ep.namespace() + "/" + ep.name(), ep);
  }

  @Override
  public synchronized Optional<PreparedWrite> prepareCreate(PodEndpoint ep) {
    if (!preparesCreates) {
      return Optional.empty();
    }
    String key = ep.namespace() + "/" + ep.name();
    prepared.put(key, ep);
    return Optional.of(new PreparedWrite(key, key.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
  }

  /** IPAM's side: creates a prepared endpoint unless one of that name exists. */
  synchronized boolean createPrepared(PreparedWrite w) {
    if (endpoints.containsKey(w.key())) {
      return false;
    }
    endpoints.put(w.key(), prepared.remove(w.key()));
    return true;
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
