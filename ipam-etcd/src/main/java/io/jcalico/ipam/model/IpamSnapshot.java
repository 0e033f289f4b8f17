package io.jcalico.ipam.model;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.store.Keys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every IPAM value as read in one etcd range read (one revision): blocks, affinities, handles and
 * the config. What check, usage and leak detection work on; values that cannot be parsed are kept
 * as findings instead of failing the whole read.
 */
public record IpamSnapshot(long revision, Map<String, AllocationBlock> blocks, List<Affinity> affinities,
    Map<String, IpamHandle> handles, Optional<IpamConfig> config, List<String> unreadable) {

  /** One affinity key: host, block CIDR, stored state. */
  public record Affinity(String host, IPAddress cidr, BlockAffinity value) {}

  public IpamSnapshot {
    blocks = Collections.unmodifiableMap(new TreeMap<>(blocks));
    affinities = List.copyOf(affinities);
    handles = Collections.unmodifiableMap(new TreeMap<>(handles));
    unreadable = List.copyOf(unreadable);
  }

  public IpamConfig effectiveConfig() {
    return config.orElse(IpamConfig.DEFAULT);
  }

  /** Builds a snapshot from the keys and values under {@link Keys#IPAM}. */
  public static IpamSnapshot of(long revision, Map<String, byte[]> kvs) {
    Map<String, AllocationBlock> blocks = new TreeMap<>();
    List<Affinity> affinities = new ArrayList<>();
    Map<String, IpamHandle> handles = new TreeMap<>();
    IpamConfig config = null;
    List<String> unreadable = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : kvs.entrySet()) {
      String key = e.getKey();
      String rest = key.startsWith(Keys.IPAM) ? key.substring(Keys.IPAM.length()) : key;
      String[] p = rest.split("/");
      try {
        if (p.length == 4 && p[0].equals("assignment") && p[2].equals("block")) {
          AllocationBlock b = AllocationBlock.parse(key, e.getValue());
          blocks.put(BlockCidrs.format(b.cidr()), b);
        } else if (p.length == 5 && p[0].equals("host") && p[3].equals("block")) {
          affinities.add(new Affinity(p[1], cidrOfSegment(p[4]), BlockAffinity.parse(key, e.getValue())));
        } else if (p.length >= 2 && p[0].equals("handle")) {
          handles.put(rest.substring("handle/".length()), IpamHandle.parse(key, e.getValue()));
        } else if (rest.equals("config")) {
          config = IpamConfig.parse(key, e.getValue());
        }
      } catch (RuntimeException ex) {
        unreadable.add(ex.getMessage());
      }
    }
    return new IpamSnapshot(revision, blocks, affinities, handles, Optional.ofNullable(config), unreadable);
  }

  /** "10.65.79.0-26" (the last path segment of block and affinity keys) as a CIDR. */
  public static IPAddress cidrOfSegment(String segment) {
    int dash = segment.lastIndexOf('-');
    if (dash < 0) throw new IllegalArgumentException("not a block segment: " + segment);
    return BlockCidrs.parse(segment.substring(0, dash) + "/" + segment.substring(dash + 1));
  }
}
