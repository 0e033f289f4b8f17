package io.jcalico.felix.node;

import io.jcalico.datastore.store.DatastoreException;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.felix.api.NodeApiServer;
import io.jcalico.felix.cni.CalicoCniHandler;
import io.jcalico.felix.cni.CniSocketServer;
import io.jcalico.felix.cni.IpamPlugin;
import io.jcalico.felix.cni.PodAttacher;
import io.jcalico.felix.cni.PodPlumber;
import io.jcalico.felix.health.HealthAggregator;
import io.jcalico.felix.health.HealthServer;
import io.jcalico.felix.health.Metrics;
import io.jcalico.felix.wiring.EtcdIpAllocator;
import io.jcalico.felix.wiring.StoreEndpointWriter;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.IpamOptions;
import io.jcalico.ipam.NodeResourceLabels;
import io.jcalico.ipam.ResourcePoolSource;
import io.jcalico.proto.node.BgpPeersResponse;
import io.jcalico.proto.node.RoutesResponse;
import io.jcalico.proto.node.StatusResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node daemon: registers the node, then runs the CNI server (IPAM, veth plumbing,
 * WorkloadEndpoints), the node API, and health/metrics. Components are started in dependency
 * order and closed in reverse, so a failed start leaves nothing behind.
 */
public final class CalicoNode implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CalicoNode.class);
  public static final String VERSION = "v0.1.0";

  private final NodeConfig cfg;
  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final HealthAggregator health = new HealthAggregator(Clock.systemUTC());
  private final Metrics metrics = new Metrics();
  private final AtomicBoolean ready = new AtomicBoolean();
  private final long startedAt = System.currentTimeMillis();
  private EtcdResourceStore store;

  private CalicoNode(NodeConfig cfg) {
    this.cfg = cfg;
  }

  /** Starts every component; on failure closes what was started and rethrows. */
  public static CalicoNode start(NodeConfig cfg, PodPlumber plumber) {
    CalicoNode n = new CalicoNode(cfg);
    try {
      n.startAll(plumber);
      return n;
    } catch (RuntimeException | Error e) {
      n.close();
      throw e;
    }
  }

  private <T extends AutoCloseable> T own(T resource) {
    resources.push(resource);
    return resource;
  }

  private void startAll(PodPlumber plumber) {
    HealthServer hs = own(new HealthServer(new InetSocketAddress(cfg.healthHost(), cfg.healthPort()), health, metrics).start());
    log.info("health and metrics on http://{}:{}/", cfg.healthHost(), hs.port());

    store = own(EtcdResourceStore.connect(cfg.etcdEndpoints(), Duration.ofSeconds(5), Admission.standard()));
    registerWithRetry();
    health.report("datastore", true, true, "", Duration.ZERO);

    EtcdIpam ipam = own(EtcdIpam.create(store.etcd(), new ResourcePoolSource(store, Duration.ofSeconds(2)),
        new NodeResourceLabels(store, Duration.ofSeconds(10)), IpamOptions.DEFAULT));
    IpamPlugin ipamPlugin = new IpamPlugin(new EtcdIpAllocator(ipam, store), Clock.systemUTC());
    PodAttacher attacher = new PodAttacher(ipamPlugin, plumber, new StoreEndpointWriter(store));
    CalicoCniHandler handler = new CalicoCniHandler(cfg.nodeName(), attacher, ipamPlugin,
        () -> ready.get() ? Optional.empty() : Optional.of("calico-node is starting"));
    try {
      CniSocketServer cni = CniSocketServer.start(cfg.cniSocket(), handler);
      own(() -> cni.close());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen for CNI requests on " + cfg.cniSocket() + ": " + e.getMessage(), e);
    }
    log.info("CNI requests on {}", cfg.cniSocket());

    own(NodeApiServer.start(cfg.apiSocket(), new NodeApiServer.Sources(this::status,
        () -> BgpPeersResponse.getDefaultInstance(), () -> RoutesResponse.getDefaultInstance())));
    ready.set(true);
    health.report("node", true, true, "", Duration.ZERO);
    log.info("calico-node {} is running on node {}", VERSION, cfg.nodeName());
  }

  /** etcd may come up after the node: keep trying, and say why in the log. */
  private void registerWithRetry() {
    for (int attempt = 1; ; attempt++) {
      try {
        NodeRegistration.register(store, cfg, VERSION);
        return;
      } catch (DatastoreException.Unavailable e) {
        health.report("datastore", true, false, e.getMessage(), Duration.ZERO);
        if (attempt % 5 == 1) log.warn("waiting for the datastore: {}", e.getMessage());
        try {
          Thread.sleep(1000);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  private StatusResponse status() {
    var s = health.summary();
    StatusResponse.Builder b = StatusResponse.newBuilder().setNodeName(cfg.nodeName()).setVersion(VERSION)
        .setReady(s.ready()).setStartedUnixMs(startedAt);
    s.components().forEach((k, v) -> {
      if (v.contains("not ")) b.addProblems(k + ": " + v);
    });
    return b.build();
  }

  public HealthAggregator health() {
    return health;
  }

  public Metrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    ready.set(false);
    while (!resources.isEmpty()) {
      AutoCloseable r = resources.pop();
      try {
        r.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", r, e.getMessage());
      }
    }
  }
}
