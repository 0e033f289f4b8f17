package io.jcalico.calicoctl.client;

import io.jcalico.datastore.etcd.GatewayClient;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.datastore.validate.Admission;
import java.time.Duration;

/**
 * Opens the resource store a configuration points at. Plain-http etcd is reached through its JSON
 * gateway: a one-shot command then starts no gRPC/Netty machinery (about 0.6 s of a cold JVM);
 * other endpoints use the gRPC client.
 */
public final class Datastores {
  private Datastores() {}

  public static ResourceStore open(DatastoreConfig config, Duration timeout) {
    String endpoints = String.join(",", config.etcdEndpoints());
    return GatewayClient.supports(endpoints)
        ? EtcdResourceStore.overGateway(endpoints, timeout, Admission.standard())
        : EtcdResourceStore.connect(endpoints, timeout, Admission.standard());
  }

  /** A store with a gRPC etcd client, for what needs etcd transactions beyond resources (IPAM). */
  public static EtcdResourceStore openGrpc(DatastoreConfig config, Duration timeout) {
    return EtcdResourceStore.connect(String.join(",", config.etcdEndpoints()), timeout, Admission.standard());
  }
}
