package io.jcalico.ipam.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The IPAM configuration at {@code /calico/ipam/v2/config}, with Calico's field names:
 * {@code strict_affinity} (never borrow from other hosts' blocks), {@code auto_allocate_blocks}
 * (claim new blocks when affine ones are full), {@code maxBlocksPerHost} (0: no limit).
 * Without a stored value the defaults apply: borrowing allowed, auto-allocation on, 20 blocks.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IpamConfig(
    @JsonProperty("strict_affinity") boolean strictAffinity,
    @JsonProperty("auto_allocate_blocks") boolean autoAllocateBlocks,
    @JsonProperty("maxBlocksPerHost") int maxBlocksPerHost) {

  public static final IpamConfig DEFAULT = new IpamConfig(false, true, 20);

  public IpamConfig {
    if (maxBlocksPerHost < 0) throw new IllegalArgumentException("maxBlocksPerHost must be >= 0, got " + maxBlocksPerHost);
  }

  public static IpamConfig parse(String key, byte[] json) {
    try {
      return IpamJson.read(json, IpamConfig.class);
    } catch (RuntimeException e) {
      throw new IpamJson.MalformedValue(key, e);
    }
  }

  public byte[] toJson() {
    return IpamJson.write(this);
  }

  public boolean allowsMoreBlocks(int owned) {
    return maxBlocksPerHost == 0 || owned < maxBlocksPerHost;
  }

  public IpamConfig withStrictAffinity(boolean v) {
    return new IpamConfig(v, autoAllocateBlocks, maxBlocksPerHost);
  }

  public IpamConfig withMaxBlocksPerHost(int v) {
    return new IpamConfig(strictAffinity, autoAllocateBlocks, v);
  }

  public IpamConfig withAutoAllocateBlocks(boolean v) {
    return new IpamConfig(strictAffinity, v, maxBlocksPerHost);
  }
}
