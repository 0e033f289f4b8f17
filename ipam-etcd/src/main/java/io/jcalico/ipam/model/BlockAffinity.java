package io.jcalico.ipam.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The value at {@code /calico/ipam/v2/host/<node>/ipvN/block/<cidr>}: {@code {"state":"confirmed",
 * "deleted":false}}. Only a confirmed affinity whose block names the same host makes the block the
 * host's (and lets the node advertise it).
 */
public record BlockAffinity(@JsonProperty("state") State state, @JsonProperty("deleted") boolean deleted) {

  public enum State {
    @JsonProperty("pending") PENDING,
    @JsonProperty("confirmed") CONFIRMED,
    @JsonProperty("pendingDeletion") PENDING_DELETION
  }

  public static final BlockAffinity PENDING = new BlockAffinity(State.PENDING, false);
  public static final BlockAffinity CONFIRMED = new BlockAffinity(State.CONFIRMED, false);

  public BlockAffinity {
    // Calico's oldest affinities were empty values, meaning confirmed.
    state = state == null ? State.CONFIRMED : state;
  }

  public static BlockAffinity parse(String key, byte[] json) {
    if (json.length == 0) return CONFIRMED;
    try {
      return IpamJson.read(json, BlockAffinity.class);
    } catch (RuntimeException e) {
      throw new IpamJson.MalformedValue(key, e);
    }
  }

  public byte[] toJson() {
    return IpamJson.write(this);
  }

  public boolean confirmed() {
    return state == State.CONFIRMED && !deleted;
  }
}
