package io.jcalico.lab.runner;

import io.jcalico.calicoctl.client.DatastoreConfig;
import io.jcalico.calicoctl.client.Datastores;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.felix.netlink.NamespaceTcpForwarder;
import io.jcalico.felix.netlink.NetNamespace;
import io.jcalico.felix.netlink.Rtnetlink;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The lab's etcd as seen from this process: etcd lives in the lab's namespace, so a relay on
 * this process's loopback dials into it and calicoctl's store talks to the relay. Nothing of the
 * lab appears on the host's network. Close it to end the relay.
 */
public final class LabDatastore implements AutoCloseable {
  private final NetNamespace ns;
  private final NamespaceTcpForwarder relay;
  private final ResourceStore store;

  private LabDatastore(NetNamespace ns, NamespaceTcpForwarder relay, ResourceStore store) {
    this.ns = ns;
    this.relay = relay;
    this.store = store;
  }

  /** Connects to the etcd listening on {@code 127.0.0.1:port} inside namespace {@code mgmtNamespace}. */
  public static LabDatastore open(String mgmtNamespace, int port) {
    NetNamespace ns = Rtnetlink.openNamespace(Path.of("/run/netns", mgmtNamespace));
    NamespaceTcpForwarder relay = null;
    try {
      relay = NamespaceTcpForwarder.into(ns, new InetSocketAddress("127.0.0.1", port));
      ResourceStore store = Datastores.open(new DatastoreConfig("etcdv3", List.of(endpoint(relay))), Duration.ofSeconds(20));
      return new LabDatastore(ns, relay, store);
    } catch (RuntimeException e) {
      if (relay != null) {
        relay.close();
      }
      ns.close();
      throw e;
    }
  }

  /** The local end of the relay, e.g. {@code http://127.0.0.1:41234}: valid while this is open. */
  public String endpoint() {
    return endpoint(relay);
  }

  private static String endpoint(NamespaceTcpForwarder relay) {
    return "http://127.0.0.1:" + relay.localAddress().getPort();
  }

  public ResourceStore store() {
    return store;
  }

  /** Creates or replaces every resource of a calicoctl YAML file (one or more documents), in order. */
  public List<Resource> applyFile(Path file) {
    try {
      return ResourceCodec.get().parseAll(Files.readString(file)).stream().map(store::apply).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Gives the Calico Node resource of {@code node} these labels (merged over any it has), creating
   * the resource if it does not exist yet: the daemon's registration keeps labels it finds.
   */
  public void labelNode(String node, Map<String, String> labels) {
    Optional<Resource> existing = store.get(ResourceKind.NODE, null, node);
    if (existing.isPresent()) {
      Node n = (Node) existing.get();
      Map<String, String> merged = new LinkedHashMap<>(n.metadata().labelsOrEmpty());
      merged.putAll(labels);
      store.update(n.withMetadata(n.metadata().withLabels(merged)));
    } else {
      store.create(new Node(ObjectMeta.named(node).withLabels(labels), null, null));
    }
  }

  @Override
  public void close() {
    try {
      store.close();
    } finally {
      relay.close();
      ns.close();
    }
  }
}
