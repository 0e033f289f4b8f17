package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.testing.EtcdExtension;
import io.jcalico.ipam.AutoAssignArgs;
import io.jcalico.ipam.EtcdIpam;
import io.jcalico.ipam.PoolSource;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node learns the blocks IPAM makes affine to it, and only its own, as they are claimed and released. */
class AffineBlockWatcherTest {
  @RegisterExtension static final EtcdExtension etcd = new EtcdExtension();

  private static IPAddress cidr(String s) {
    return new IPAddressString(s).getAddress();
  }

  @Test
  void followsClaimsAndReleasesOfThisNodesBlocks() {
    etcd.clear();
    try (EtcdAccess access = EtcdAccess.connect(etcd.endpoint(), Duration.ofSeconds(5));
        EtcdIpam ipam = EtcdIpam.create(access, PoolSource.of(PoolSpec.of("198.18.128.0/24", 26)))) {
      AtomicReference<Set<IPAddress>> blocks = new AtomicReference<>();
      try (AffineBlockWatcher w = new AffineBlockWatcher(access, "node1", blocks::set, Duration.ofMillis(200))) {
        w.start();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Set.of().equals(blocks.get()));

        var got = ipam.autoAssign(AutoAssignArgs.of(1, 0, "h1", Map.of(), "node1"));
        IPAddress block = got.ipv4().get(0).address().toPrefixBlock(26);
        ipam.autoAssign(AutoAssignArgs.of(1, 0, "h2", Map.of(), "node2")); // another node's block
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Set.of(block).equals(blocks.get()));
        assertThat(cidr("198.18.128.0/24").contains(block)).isTrue();

        ipam.releaseByHandle("h1");
        ipam.releaseAffinities("node1");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Set.of().equals(blocks.get()));
      }
    }
  }
}
