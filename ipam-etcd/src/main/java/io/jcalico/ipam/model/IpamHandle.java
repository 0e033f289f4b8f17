package io.jcalico.ipam.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The value at {@code /calico/ipam/v2/handle/<id>}: how many addresses the handle holds in each
 * block, keyed by block CIDR ({@code {"block":{"10.65.79.0/26":1},"deleted":false}}). It is
 * written in the same etcd transaction as the blocks it counts, so the two never disagree.
 */
public record IpamHandle(@JsonProperty("block") Map<String, Integer> block, @JsonProperty("deleted") boolean deleted) {

  public IpamHandle {
    block = block == null ? Map.of() : Map.copyOf(block);
  }

  public static final IpamHandle EMPTY = new IpamHandle(Map.of(), false);

  public static IpamHandle parse(String key, byte[] json) {
    try {
      return IpamJson.read(json, IpamHandle.class);
    } catch (RuntimeException e) {
      throw new IpamJson.MalformedValue(key, e);
    }
  }

  public byte[] toJson() {
    // sorted, so the stored value does not depend on map iteration order
    return IpamJson.write(new Sorted(new TreeMap<>(block), deleted));
  }

  private record Sorted(@JsonProperty("block") Map<String, Integer> block, @JsonProperty("deleted") boolean deleted) {}

  public int count(String blockCidr) {
    return block.getOrDefault(blockCidr, 0);
  }

  public int total() {
    return block.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** This handle with {@code delta} more (or fewer) addresses in a block; empty when it holds none at all. */
  public Optional<IpamHandle> plus(String blockCidr, int delta) {
    Map<String, Integer> m = new TreeMap<>(block);
    int n = m.getOrDefault(blockCidr, 0) + delta;
    if (n > 0) m.put(blockCidr, n);
    else m.remove(blockCidr);
    return m.isEmpty() ? Optional.empty() : Optional.of(new IpamHandle(m, false));
  }
}
