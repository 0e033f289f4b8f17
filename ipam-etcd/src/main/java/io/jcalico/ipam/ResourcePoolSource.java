package io.jcalico.ipam;

import com.google.common.base.Suppliers;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.model.Defaults;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.IPPoolSpec;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.ResourceKind;
import io.jcalico.datastore.store.ResourceStore;
import io.jcalico.ipam.model.PoolSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The IP pools of the datastore (IPPool resources), listed at most once per {@code maxAge}: an
 * allocation sees a pool change after at most that long. Pools that cannot serve IPAM (no CIDR,
 * a block size out of range) are skipped with a warning; validation normally rejects them.
 */
public final class ResourcePoolSource implements PoolSource {
  private static final Logger log = LoggerFactory.getLogger(ResourcePoolSource.class);

  private final Supplier<List<PoolSpec>> pools;

  public ResourcePoolSource(ResourceStore store, Duration maxAge) {
    Supplier<List<PoolSpec>> read = () -> read(store);
    this.pools = maxAge.isZero() ? read : Suppliers.memoizeWithExpiration(read::get, maxAge.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public List<PoolSpec> pools() {
    return pools.get();
  }

  private static List<PoolSpec> read(ResourceStore store) {
    List<PoolSpec> out = new ArrayList<>();
    for (Resource r : store.list(ResourceKind.IP_POOL, null).items()) {
      IPPool pool = (IPPool) r;
      try {
        out.add(toSpec(pool.spec()));
      } catch (RuntimeException e) {
        log.warn("IP pool {} is not usable for IPAM: {}", pool.name(), e.getMessage());
      }
    }
    return out;
  }

  /** An IPPool spec as IPAM sees it, with Calico's defaults for what is not set. */
  public static PoolSpec toSpec(IPPoolSpec spec) {
    IPAddress cidr = new IPAddressString(spec.cidr()).getAddress();
    if (cidr == null) throw new IllegalArgumentException("bad cidr " + spec.cidr());
    int blockSize = spec.blockSize() == null || spec.blockSize() == 0
        ? (cidr.isIPv4() ? Defaults.IPV4_BLOCK_SIZE : Defaults.IPV6_BLOCK_SIZE) : spec.blockSize();
    return new PoolSpec(cidr, blockSize, !spec.enabled(), spec.nodeSelector(),
        spec.allowedUses() == null ? Set.of() : Set.copyOf(spec.allowedUses()));
  }
}
