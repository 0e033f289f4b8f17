package io.jcalico.ipam.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * One IPAM block as Calico stores it at {@code /calico/ipam/v2/assignment/ipvN/block/<cidr>}:
 * {@code cidr}, {@code affinity} ("host:&lt;node&gt;" or null), {@code allocations} (per ordinal
 * null or an index into {@code attributes}), {@code unallocated} (free ordinals in FIFO order:
 * taken from the head, returned to the tail, so a released address is reused as late as
 * possible), {@code attributes}, {@code sequenceNumber} and {@code sequenceNumberForAllocation}.
 *
 * <p>A working copy: parse it, change it and serialize it within one compare-and-swap attempt;
 * never share one between threads. Every write must go through {@link #toJson()}, which advances
 * the sequence number, so an address allocated again after a release gets a new number and a
 * release quoting the old one is refused.
 */
public final class AllocationBlock {
  public static final String HOST_PREFIX = "host:";
  private static final int FREE = -1;
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Set<String> KNOWN = Set.of("cidr", "affinity", "allocations", "unallocated", "attributes",
      "sequenceNumber", "sequenceNumberForAllocation", "deleted");

  private final IPAddress cidr;
  private final IPAddress base;
  private String affinity;
  private final int[] allocations;
  private final List<Integer> unallocated;
  private final List<AllocationAttribute> attributes;
  private long sequenceNumber;
  private final Map<Integer, Long> sequenceForAllocation;
  private boolean deleted;
  private final Map<String, JsonNode> extras;

  private AllocationBlock(IPAddress cidr, String affinity, int[] allocations, List<Integer> unallocated,
      List<AllocationAttribute> attributes, long sequenceNumber, Map<Integer, Long> sequenceForAllocation,
      boolean deleted, Map<String, JsonNode> extras) {
    this.cidr = cidr.toPrefixBlock();
    this.base = this.cidr.getLower().withoutPrefixLength();
    this.affinity = affinity;
    this.allocations = allocations;
    this.unallocated = unallocated;
    this.attributes = attributes;
    this.sequenceNumber = sequenceNumber;
    this.sequenceForAllocation = sequenceForAllocation;
    this.deleted = deleted;
    this.extras = extras;
  }

  /**
   * A new, empty block affine to a host. The sequence number starts from the clock, as Calico's,
   * so a block deleted and created again never repeats the numbers of its previous life.
   */
  public static AllocationBlock create(IPAddress cidr, String host, long initialSequence) {
    IPAddress block = cidr.toPrefixBlock();
    int size = BlockCidrs.size(block);
    int[] alloc = new int[size];
    Arrays.fill(alloc, FREE);
    List<Integer> free = new ArrayList<>(size);
    for (int i = 0; i < size; i++) free.add(i);
    return new AllocationBlock(block, host == null ? null : HOST_PREFIX + host, alloc, free, new ArrayList<>(),
        initialSequence, new TreeMap<>(), false, new LinkedHashMap<>());
  }

  public static AllocationBlock parse(String key, byte[] json) {
    try {
      return parse(IpamJson.tree(json));
    } catch (RuntimeException e) {
      throw new IpamJson.MalformedValue(key, e);
    }
  }

  private static AllocationBlock parse(JsonNode n) {
    IPAddress cidr = new IPAddressString(n.path("cidr").asText()).getAddress();
    if (cidr == null || !cidr.isPrefixed()) throw new IllegalArgumentException("bad cidr " + n.path("cidr"));
    int size = BlockCidrs.size(cidr.toPrefixBlock());
    int[] alloc = new int[size];
    JsonNode a = n.path("allocations");
    if (a.size() != size) throw new IllegalArgumentException("allocations has " + a.size() + " entries, block has " + size);
    for (int i = 0; i < size; i++) alloc[i] = a.get(i).isNull() ? FREE : a.get(i).asInt();
    List<Integer> free = new ArrayList<>();
    n.path("unallocated").forEach(o -> free.add(o.asInt()));
    List<AllocationAttribute> attrs = new ArrayList<>();
    for (JsonNode at : n.path("attributes")) {
      JsonNode h = at.get("handle_id");
      Map<String, String> sec = null;
      JsonNode s = at.get("secondary");
      if (s != null && s.isObject()) {
        sec = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = s.fields(); it.hasNext(); ) {
          Map.Entry<String, JsonNode> e = it.next();
          sec.put(e.getKey(), e.getValue().asText());
        }
      }
      attrs.add(new AllocationAttribute(h == null || h.isNull() ? null : h.asText(), sec));
    }
    Map<Integer, Long> seq = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = n.path("sequenceNumberForAllocation").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      seq.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
    }
    JsonNode aff = n.get("affinity");
    Map<String, JsonNode> extras = new LinkedHashMap<>();
    n.fields().forEachRemaining(e -> {
      if (!KNOWN.contains(e.getKey())) extras.put(e.getKey(), e.getValue());
    });
    return new AllocationBlock(cidr, aff == null || aff.isNull() ? null : aff.asText(), alloc, free, attrs,
        n.path("sequenceNumber").asLong(), seq, n.path("deleted").asBoolean(false), extras);
  }

  /** The JSON to store; advances the sequence number (every stored version has its own). */
  public byte[] toJson() {
    sequenceNumber++;
    ObjectNode n = NODES.objectNode();
    n.put("cidr", BlockCidrs.format(cidr));
    if (affinity == null) n.putNull("affinity");
    else n.put("affinity", affinity);
    ArrayNode a = n.putArray("allocations");
    for (int idx : allocations) {
      if (idx == FREE) a.addNull();
      else a.add(idx);
    }
    ArrayNode u = n.putArray("unallocated");
    unallocated.forEach(u::add);
    ArrayNode at = n.putArray("attributes");
    for (AllocationAttribute attr : attributes) {
      ObjectNode o = at.addObject();
      if (attr.handleId() == null) o.putNull("handle_id");
      else o.put("handle_id", attr.handleId());
      if (attr.secondary() == null) o.putNull("secondary");
      else {
        ObjectNode s = o.putObject("secondary");
        new TreeMap<>(attr.secondary()).forEach(s::put);
      }
    }
    n.put("sequenceNumber", sequenceNumber);
    ObjectNode seq = n.putObject("sequenceNumberForAllocation");
    sequenceForAllocation.forEach((o, s) -> seq.put(Integer.toString(o), s));
    n.put("deleted", deleted);
    extras.forEach(n::set);
    return IpamJson.write(n);
  }

  public IPAddress cidr() {
    return cidr;
  }

  /** "host:&lt;node&gt;", or null for a block no host owns. */
  public String affinity() {
    return affinity;
  }

  /** The host this block is affine to. */
  public Optional<String> host() {
    return affinity != null && affinity.startsWith(HOST_PREFIX)
        ? Optional.of(affinity.substring(HOST_PREFIX.length())) : Optional.empty();
  }

  public boolean isAffineTo(String host) {
    return (HOST_PREFIX + host).equals(affinity);
  }

  /** Drops or sets the owner. */
  public void setHost(String host) {
    affinity = host == null ? null : HOST_PREFIX + host;
  }

  public long sequenceNumber() {
    return sequenceNumber;
  }

  public int size() {
    return allocations.length;
  }

  public int freeCount() {
    return unallocated.size();
  }

  public int inUseCount() {
    int n = 0;
    for (int idx : allocations) if (idx != FREE) n++;
    return n;
  }

  public boolean isEmpty() {
    for (int idx : allocations) if (idx != FREE) return false;
    return true;
  }

  public boolean contains(IPAddress ip) {
    return cidr.contains(ip);
  }

  public IPAddress addressAt(int ordinal) {
    return base.increment(ordinal);
  }

  public int ordinalOf(IPAddress ip) {
    if (!contains(ip)) throw new IllegalArgumentException(ip + " is not in block " + BlockCidrs.format(cidr));
    return ip.withoutPrefixLength().getValue().subtract(base.getValue()).intValueExact();
  }

  /**
   * Takes up to {@code num} free addresses from the head of the free list for one handle; fewer
   * when the block has fewer. All share one attribute entry.
   */
  public List<BlockAllocation> autoAssign(int num, String handleId, Map<String, String> attrs) {
    List<BlockAllocation> out = new ArrayList<>(Math.min(num, unallocated.size()));
    if (num <= 0 || unallocated.isEmpty()) return out;
    int attrIndex = findOrAddAttribute(handleId, attrs);
    while (out.size() < num && !unallocated.isEmpty()) {
      int ordinal = unallocated.remove(0);
      out.add(take(ordinal, attrIndex));
    }
    return out;
  }

  /** Assigns one given address; empty when it is already in use. */
  public Optional<BlockAllocation> assign(IPAddress ip, String handleId, Map<String, String> attrs) {
    int ordinal = ordinalOf(ip);
    if (allocations[ordinal] != FREE) return Optional.empty();
    unallocated.remove(Integer.valueOf(ordinal));
    return Optional.of(take(ordinal, findOrAddAttribute(handleId, attrs)));
  }

  private BlockAllocation take(int ordinal, int attrIndex) {
    allocations[ordinal] = attrIndex;
    sequenceForAllocation.put(ordinal, sequenceNumber);
    AllocationAttribute a = attributes.get(attrIndex);
    return new BlockAllocation(addressAt(ordinal), ordinal, a.handleId(), a.secondaryOrEmpty(), sequenceNumber);
  }

  private int findOrAddAttribute(String handleId, Map<String, String> attrs) {
    AllocationAttribute wanted = new AllocationAttribute(handleId, attrs);
    int i = attributes.indexOf(wanted);
    if (i >= 0) return i;
    attributes.add(wanted);
    return attributes.size() - 1;
  }

  /** The allocation at an address, if it is in use. */
  public Optional<BlockAllocation> allocationAt(IPAddress ip) {
    int ordinal = ordinalOf(ip);
    return allocations[ordinal] == FREE ? Optional.empty() : Optional.of(describe(ordinal));
  }

  /** Every address in use, in address order. */
  public List<BlockAllocation> allocations() {
    List<BlockAllocation> out = new ArrayList<>();
    for (int o = 0; o < allocations.length; o++) {
      if (allocations[o] != FREE) out.add(describe(o));
    }
    return out;
  }

  private BlockAllocation describe(int ordinal) {
    int idx = allocations[ordinal];
    AllocationAttribute a = idx < attributes.size() ? attributes.get(idx) : new AllocationAttribute(null, null);
    return new BlockAllocation(addressAt(ordinal), ordinal, a.handleId(), a.secondaryOrEmpty(),
        sequenceForAllocation.getOrDefault(ordinal, 0L));
  }

  /** What a release did: addresses freed, addresses that were not in use, and freed count per handle. */
  public record Released(List<BlockAllocation> released, List<IPAddress> notAssigned, Map<String, Integer> perHandle,
      List<String> refused) {
    public boolean isRefused() {
      return !refused.isEmpty();
    }
  }

  /**
   * Releases addresses. If any request is stale (another sequence number or handle than stored),
   * nothing at all is released and {@link Released#refused()} says why.
   */
  public Released release(List<ReleaseRequest> requests) {
    List<String> refused = new ArrayList<>();
    List<Integer> ordinals = new ArrayList<>();
    List<IPAddress> notAssigned = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (ReleaseRequest r : requests) {
      int o = ordinalOf(r.address());
      if (!seen.add(o)) continue;
      if (allocations[o] == FREE) {
        notAssigned.add(r.address());
        continue;
      }
      BlockAllocation current = describe(o);
      if (r.sequenceNumber() != null && r.sequenceNumber() != current.sequenceNumber()) {
        refused.add(r.address() + " was released and assigned again since (sequence number "
            + r.sequenceNumber() + ", now " + current.sequenceNumber() + ")");
      } else if (r.handleId() != null && !r.handleId().equals(current.handleId())) {
        refused.add(r.address() + " belongs to handle " + current.handleId() + ", not " + r.handleId());
      } else {
        ordinals.add(o);
      }
    }
    if (!refused.isEmpty()) return new Released(List.of(), List.of(), Map.of(), refused);
    return free(ordinals, notAssigned);
  }

  /** Releases every address a handle holds here (optionally only those of one sequence number). */
  public Released releaseByHandle(String handleId) {
    List<Integer> ordinals = new ArrayList<>();
    for (int o = 0; o < allocations.length; o++) {
      if (allocations[o] != FREE && Objects.equals(handleOf(o), handleId)) ordinals.add(o);
    }
    return free(ordinals, List.of());
  }

  private String handleOf(int ordinal) {
    int idx = allocations[ordinal];
    return idx < attributes.size() ? attributes.get(idx).handleId() : null;
  }

  private Released free(List<Integer> ordinals, List<IPAddress> notAssigned) {
    List<BlockAllocation> released = new ArrayList<>(ordinals.size());
    Map<String, Integer> perHandle = new HashMap<>();
    for (int o : ordinals) {
      BlockAllocation a = describe(o);
      released.add(a);
      if (a.handleId() != null) perHandle.merge(a.handleId(), 1, Integer::sum);
      allocations[o] = FREE;
      unallocated.add(o);
      sequenceForAllocation.remove(o);
    }
    dropUnusedAttributes();
    return new Released(released, notAssigned, perHandle, List.of());
  }

  /** Removes attribute entries no allocation refers to any more and renumbers the rest. */
  private void dropUnusedAttributes() {
    boolean[] used = new boolean[attributes.size()];
    for (int idx : allocations) if (idx != FREE && idx < used.length) used[idx] = true;
    int[] renumber = new int[attributes.size()];
    List<AllocationAttribute> kept = new ArrayList<>();
    for (int i = 0; i < attributes.size(); i++) {
      renumber[i] = used[i] ? kept.size() : FREE;
      if (used[i]) kept.add(attributes.get(i));
    }
    if (kept.size() == attributes.size()) return;
    for (int o = 0; o < allocations.length; o++) {
      if (allocations[o] != FREE && allocations[o] < renumber.length) allocations[o] = renumber[allocations[o]];
    }
    attributes.clear();
    attributes.addAll(kept);
  }

  /** Internal inconsistencies (free list vs allocations, dangling attribute indexes); empty when sound. */
  public List<String> selfCheck() {
    List<String> problems = new ArrayList<>();
    String name = BlockCidrs.format(cidr);
    Set<Integer> free = new HashSet<>();
    for (int o : unallocated) {
      if (o < 0 || o >= allocations.length) problems.add(name + ": free list holds ordinal " + o + " outside the block");
      else if (!free.add(o)) problems.add(name + ": ordinal " + o + " is in the free list twice");
      else if (allocations[o] != FREE) problems.add(name + ": " + addressAt(o) + " is both allocated and in the free list");
    }
    for (int o = 0; o < allocations.length; o++) {
      if (allocations[o] == FREE && !free.contains(o)) {
        problems.add(name + ": " + addressAt(o) + " is neither allocated nor in the free list (lost)");
      }
      if (allocations[o] != FREE && (allocations[o] < 0 || allocations[o] >= attributes.size())) {
        problems.add(name + ": " + addressAt(o) + " refers to attribute " + allocations[o] + " which does not exist");
      }
    }
    return problems;
  }
}
