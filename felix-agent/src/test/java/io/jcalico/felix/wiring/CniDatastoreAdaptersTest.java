package io.jcalico.felix.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import inet.ipaddr.MACAddressString;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.Profile;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.model.WorkloadEndpoint;
import io.jcalico.datastore.store.EtcdResourceStore;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.datastore.validate.Admission;
import io.jcalico.felix.cni.AttachException;
import io.jcalico.felix.cni.IpAllocator;
import io.jcalico.felix.cni.PodEndpoint;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.PoolSource;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The CNI's allocator and endpoint writer on the real datastore and IPAM. */
class CniDatastoreAdaptersTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  @Test
  void allocatesSingleHostAddressesAndReleasesByHandle() throws Exception {
    etcd.clear();
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard());
        EtcdIpam ipam = EtcdIpam.create(store.etcd(), PoolSource.of(PoolSpec.of("198.18.128.0/24", 26), PoolSpec.of("fd00:10::/120", 122)))) {
      store.create(ResourceCodec.get().parseOne("""
          apiVersion: projectcalico.org/v3
          kind: IPPool
          metadata: {name: pods}
          spec: {cidr: 198.18.128.0/24}
          """));
      EtcdIpAllocator alloc = new EtcdIpAllocator(ipam, store);
      List<IPAddress> got = alloc.autoAssign(new IpAllocator.AssignRequest("k8s-pod-network.c1", "node1", 1, 1,
          List.of("pods"), List.of(), Map.of("namespace", "default", "pod", "web")));
      assertThat(got).hasSize(2);
      assertThat(got.get(0).isIPv4()).isTrue();
      assertThat(got.get(0).getNetworkPrefixLength()).isEqualTo(32);
      assertThat(new IPAddressString("198.18.128.0/24").getAddress().contains(got.get(0))).isTrue();
      assertThat(got.get(1).getNetworkPrefixLength()).isEqualTo(128);
      assertThat(alloc.addressesByHandle("k8s-pod-network.c1")).hasSize(2);

      alloc.releaseByHandle("k8s-pod-network.c1");
      assertThat(alloc.addressesByHandle("k8s-pod-network.c1")).isEmpty();
      alloc.releaseByHandle("k8s-pod-network.c1"); // again: nothing held is fine

      assertThatThrownBy(() -> alloc.autoAssign(new IpAllocator.AssignRequest("k8s-pod-network.c2", "node1", 1, 0,
          List.of("no-such-pool"), List.of(), Map.of())))
          .isInstanceOf(AttachException.class).hasMessageContaining("no-such-pool");
    }
  }

  @Test
  void writesReadsAndDeletesWorkloadEndpoints() throws Exception {
    etcd.clear();
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard())) {
      StoreEndpointWriter w = new StoreEndpointWriter(store);
      PodEndpoint ep = new PodEndpoint("prod", "node1-k8s-web-eth0", Map.of("app", "web"), "k8s", "", "node1", "c1",
          "web", "eth0", "cali1234567890a", new MACAddressString("ee:ee:ee:ee:ee:ee").getAddress(),
          List.of(new IPAddressString("198.18.128.5/32").getAddress()), List.of("kns.prod"));
      w.write(ep);
      WorkloadEndpoint stored = (WorkloadEndpoint) store.get(ResourceKind.WORKLOAD_ENDPOINT, "prod", "node1-k8s-web-eth0").orElseThrow();
      assertThat(stored.spec().ipNetworks()).containsExactly("198.18.128.5/32");
      assertThat(stored.spec().interfaceName()).isEqualTo("cali1234567890a");
      assertThat(w.read("prod", "node1-k8s-web-eth0")).contains(ep);
      w.delete("prod", "node1-k8s-web-eth0");
      w.delete("prod", "node1-k8s-web-eth0"); // gone already: still success
      assertThat(w.read("prod", "node1-k8s-web-eth0")).isEmpty();

      etcd.stop();
      try {
        assertThatThrownBy(() -> w.write(ep)).isInstanceOfSatisfying(AttachException.class,
            e -> assertThat(e.retryable()).as("etcd down is 'try again later'").isTrue());
      } finally {
        etcd.start();
      }
    }
  }

  @Test
  void theEndpointIsCreatedInTheTransactionThatTakesItsAddresses() throws Exception {
    etcd.clear();
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard());
        EtcdIpam ipam = EtcdIpam.create(store.etcd(), PoolSource.of(PoolSpec.of("198.18.128.0/24", 26)))) {
      StoreEndpointWriter w = new StoreEndpointWriter(store);
      EtcdIpAllocator alloc = new EtcdIpAllocator(ipam, store);
      IpAllocator.AssignRequest request = new IpAllocator.AssignRequest("k8s-pod-network.c1", "node1", 1, 0,
          List.of(), List.of(), Map.of("pod", "web"));
      IpAllocator.Assigned got = alloc.autoAssign(request, addresses -> w.prepareCreate(new PodEndpoint("prod",
          "node1-k8s-web-eth0", Map.of(), "k8s", "", "node1", "c1", "web", "eth0", "cali1234567890a",
          new MACAddressString("0a:58:c6:12:80:05").getAddress(), addresses, List.of("kns.prod"))));
      assertThat(got.companionCreated()).isTrue();
      WorkloadEndpoint stored = (WorkloadEndpoint) store.get(ResourceKind.WORKLOAD_ENDPOINT, "prod", "node1-k8s-web-eth0").orElseThrow();
      assertThat(stored.spec().ipNetworks()).containsExactly(got.addresses().get(0).toCanonicalString());
      assertThat(got.addresses().get(0).getNetworkPrefixLength()).isEqualTo(32);
      assertThat(stored.metadata().uid()).isNotEmpty();

      // the endpoint exists now: a second allocation for it leaves it to the writer
      IpAllocator.Assigned again = alloc.autoAssign(new IpAllocator.AssignRequest("k8s-pod-network.c2", "node1", 1, 0,
          List.of(), List.of(), Map.of()), addresses -> w.prepareCreate(new PodEndpoint("prod", "node1-k8s-web-eth0",
          Map.of(), "k8s", "", "node1", "c2", "web", "eth0", "cali1234567890a", null, addresses, List.of())));
      assertThat(again.companionCreated()).isFalse();
      assertThat(again.addresses()).hasSize(1);
    }
  }

  @Test
  void aNetworksProfileIsCreatedAsCalicoMakesItOnceAndNeverReplaced() throws Exception {
    etcd.clear();
    try (EtcdResourceStore store = EtcdResourceStore.connect(etcd.endpoint(), Duration.ofSeconds(5), Admission.standard())) {
      StoreProfileWriter w = new StoreProfileWriter(store);
      // eight daemons' first ADDs of one network at once: one of them makes it
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<Boolean>> made = pool.invokeAll(Collections.nCopies(8, () -> w.createIfAbsent("blue")));
        long creators = 0;
        for (Future<Boolean> f : made) {
          creators += f.get() ? 1 : 0;
        }
        assertThat(creators).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      Profile stored = (Profile) store.get(ResourceKind.PROFILE, null, "blue").orElseThrow();
      Profile calicos = (Profile) ResourceCodec.get().parseOne("""
          apiVersion: projectcalico.org/v3
          kind: Profile
          metadata: {name: blue}
          spec:
            ingress: [{action: Allow, source: {selector: has(blue)}}]
            egress: [{action: Allow}]
            labelsToApply: {blue: ""}
          """);
      assertThat(stored.spec()).isEqualTo(calicos.spec());

      Profile edited = (Profile) store.create(ResourceCodec.get().parseOne("""
          apiVersion: projectcalico.org/v3
          kind: Profile
          metadata: {name: green}
          spec:
            ingress: [{action: Allow, protocol: TCP, destination: {ports: [80]}}]
            labelsToApply: {tier: web}
          """));
      assertThat(w.createIfAbsent("green")).isFalse();
      Profile after = (Profile) store.get(ResourceKind.PROFILE, null, "green").orElseThrow();
      assertThat(after.metadata().resourceVersion()).as("an operator's profile is left alone")
          .isEqualTo(edited.metadata().resourceVersion());
      assertThat(after.spec()).isEqualTo(edited.spec());

      etcd.stop();
      try {
        assertThatThrownBy(() -> w.createIfAbsent("red")).isInstanceOfSatisfying(AttachException.class,
            e -> assertThat(e.retryable()).as("etcd down is 'try again later'").isTrue());
      } finally {
        etcd.start();
      }
    }
  }
}
