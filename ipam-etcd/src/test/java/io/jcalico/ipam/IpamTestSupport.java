package io.jcalico.ipam;

import static java.nio.charset.StandardCharsets.UTF_8;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.testing.EtcdExtension;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Shared bits of the IPAM tests: clients on the test etcd, raw reads, address parsing. */
final class IpamTestSupport {
  static final Duration TIMEOUT = Duration.ofSeconds(3);

  private IpamTestSupport() {}

  static EtcdAccess access(EtcdExtension etcd) {
    return EtcdAccess.connect(etcd.endpoint(), TIMEOUT);
  }

  static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  static Map<String, String> pod(String node, String namespace, String pod) {
    return Map.of("node", node, "namespace", namespace, "pod", pod);
  }

  /** The raw value at a key, or null. */
  static String raw(EtcdExtension etcd, String key) {
    try {
      GetResponse r = etcd.client().getKVClient().get(ByteSequence.from(key, UTF_8)).get(10, TimeUnit.SECONDS);
      return r.getKvs().isEmpty() ? null : r.getKvs().get(0).getValue().toString(UTF_8);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void put(EtcdExtension etcd, String key, String value) {
    try {
      etcd.client().getKVClient().put(ByteSequence.from(key, UTF_8), ByteSequence.from(value, UTF_8)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
