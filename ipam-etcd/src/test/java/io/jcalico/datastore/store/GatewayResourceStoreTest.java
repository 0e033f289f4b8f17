package io.jcalico.datastore.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.datastore.model.ResourceKind;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every {@link EtcdResourceStoreTest} again, over etcd's JSON gateway instead of gRPC: same keys,
 * same compare-and-swap outcomes, same errors. Watching needs gRPC and says so.
 */
class GatewayResourceStoreTest extends EtcdResourceStoreTest {
  @Override
  EtcdResourceStore open(String endpoint) {
    return EtcdResourceStore.overGateway(endpoint, Duration.ofSeconds(5), ResourceAdmission.NONE);
  }

  @Test
  @Override
  void watchFromARevisionSeesEveryChangeInOrder() {
    assertThatThrownBy(() -> store.watch(ResourceKind.IP_POOL, null, 0, e -> { }))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("gRPC");
  }

  @Test
  @Override
  void watchFromAnOldRevisionReplaysHistory() {
    watchFromARevisionSeesEveryChangeInOrder();
  }

  @Test
  void prefixEndIncrementsTheLastByteBelow0xff() {
    org.assertj.core.api.Assertions.assertThat(GatewayKv.prefixEnd("/a/b/".getBytes())).isEqualTo("/a/b0".getBytes());
    org.assertj.core.api.Assertions.assertThat(GatewayKv.prefixEnd(new byte[] {'a', (byte) 0xff})).isEqualTo(new byte[] {'b'});
    org.assertj.core.api.Assertions.assertThat(GatewayKv.prefixEnd(new byte[] {(byte) 0xff})).isEqualTo(new byte[] {0});
  }
}
