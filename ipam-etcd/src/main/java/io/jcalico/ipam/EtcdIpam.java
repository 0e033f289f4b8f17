package io.jcalico.ipam;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.google.common.util.concurrent.Striped;
import inet.ipaddr.IPAddress;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.jcalico.datastore.store.EtcdAccess;
import io.jcalico.datastore.store.Keys;
import io.jcalico.ipam.check.CheckReport;
import io.jcalico.ipam.check.IpamChecker;
import io.jcalico.ipam.model.AllocationAttribute;
import io.jcalico.ipam.model.AllocationBlock;
import io.jcalico.ipam.model.BlockAffinity;
import io.jcalico.ipam.model.BlockAllocation;
import io.jcalico.ipam.model.BlockCidrs;
import io.jcalico.ipam.model.IpamConfig;
import io.jcalico.ipam.model.IpamHandle;
import io.jcalico.ipam.model.IpamSnapshot;
import io.jcalico.ipam.model.PoolSpec;
import io.jcalico.ipam.model.ReleaseRequest;
import io.jcalico.ipam.usage.UsageReport;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Ipam} on etcd, at Calico's key layout and in Calico's value formats, so a Calico
 * cluster's IPAM data can be read and written by either.
 *
 * <p>How it stays safe with many nodes and threads writing at once:
 * <ul>
 *   <li>Every write is one etcd transaction comparing the mod revision of each key it touches
 *       ({@code version == 0} to create). An allocation writes the block and the handle in the
 *       same transaction, so handle counts always match the blocks, even after a crash.</li>
 *   <li>A lost comparison returns the current values in the same round trip (the Else branch);
 *       the write is redone from them, up to {@link IpamOptions#maxAttempts()} times.</li>
 *   <li>Block claims go pending affinity, then the block created with {@code affinity:
 *       host:<node>} (guarded by that pending affinity's revision), then the affinity confirmed
 *       (guarded by the block's revision). Who owns a block is what the block says; an affinity is
 *       confirmed only while the block names its host, and a node that finds its pending affinity
 *       beside another host's block deletes it. Two nodes can therefore never both own one block
 *       (Calico #6001).</li>
 *   <li>Interrupted claims (a node or etcd gone between the steps) are finished or rolled back the
 *       next time the host allocates.</li>
 * </ul>
 * Blocks read earlier are cached with their revision: a stale cache entry only costs a failed
 * comparison, which returns the fresh value.
 */
public final class EtcdIpam implements Ipam {
  private static final Logger log = LoggerFactory.getLogger(EtcdIpam.class);

  private final EtcdAccess etcd;
  private final PoolSource pools;
  private final HostLabels hostLabels;
  private final IpamOptions options;
  private final Striped<Lock> hostLocks = Striped.lazyWeakLock(64);
  private final Map<String, Versioned<byte[]>> blockCache = new ConcurrentHashMap<>();
  /** Blocks this process last saw affine to a host, per "host/version": the one-round-trip path. */
  private final Map<String, Set<IPAddress>> knownAffine = new ConcurrentHashMap<>();

  private EtcdIpam(EtcdAccess etcd, PoolSource pools, HostLabels hostLabels, IpamOptions options) {
    this.etcd = etcd;
    this.pools = pools;
    this.hostLabels = hostLabels;
    this.options = options;
  }

  public static EtcdIpam create(EtcdAccess etcd, PoolSource pools, HostLabels hostLabels, IpamOptions options) {
    return new EtcdIpam(etcd, pools, hostLabels, options);
  }

  public static EtcdIpam create(EtcdAccess etcd, PoolSource pools) {
    return new EtcdIpam(etcd, pools, HostLabels.NONE, IpamOptions.DEFAULT);
  }

  // ---------------------------------------------------------------- allocation

  @Override
  public AssignedIps autoAssign(AutoAssignArgs args) {
    return autoAssign(args, null).ips();
  }

  @Override
  public CompanionWrite.Assigned autoAssign(AutoAssignArgs args,
      Function<List<IPAddress>, Optional<CompanionWrite>> companion) {
    Map<String, String> attrs = withNode(args.attrs(), args.hostname());
    return underHostLock(args.hostname(), () -> {
      HandleRef handle = new HandleRef(args.handleId());
      handle.companion = companion;
      handle.lastFamily = args.num6() > 0 ? 6 : 4;
      if (args.num4() > 0 && args.num6() > 0) {
        Optional<CompanionWrite.Assigned> both = bothInOneTransaction(args, attrs, handle);
        if (both.isPresent()) return both.get();
      }
      List<BlockAllocation> v4 = assignFamily(4, args.num4(), args, attrs, handle);
      try {
        List<BlockAllocation> v6 = assignFamily(6, args.num6(), args, attrs, handle);
        return new CompanionWrite.Assigned(new AssignedIps(v4, v6), handle.companionCreated);
      } catch (RuntimeException e) {
        giveBack(v4, e);
        throw e;
      }
    });
  }

  /**
   * A dual-stack request from blocks this host is known to own, in one transaction with the handle
   * (and the companion): one etcd write for the pod instead of one per family. Empty when a family
   * has no such block with room, or the write lost a race (whose read-back refreshed the caches):
   * the per-family path then does the work.
   */
  private Optional<CompanionWrite.Assigned> bothInOneTransaction(AutoAssignArgs args, Map<String, String> attrs,
      HandleRef handle) {
    String host = args.hostname();
    Optional<KnownBlock> v4 = knownBlockWithRoom(4, args.num4(), args);
    Optional<KnownBlock> v6 = knownBlockWithRoom(6, args.num6(), args);
    if (v4.isEmpty() || v6.isEmpty()) return Optional.empty();
    List<BlockAllocation> got4 = v4.get().block().autoAssign(args.num4(), args.handleId(), attrs);
    List<BlockAllocation> got6 = v6.get().block().autoAssign(args.num6(), args.handleId(), attrs);
    IpamHandle h = handle.value().plus(v4.get().name(), got4.size())
        .flatMap(x -> x.plus(v6.get().name(), got6.size())).orElseThrow();
    byte[] hjson = h.toJson();
    byte[] json4 = v4.get().block().toJson();
    byte[] json6 = v6.get().block().toJson();
    Cas cas = new Cas()
        .put(v4.get().key(), v4.get().revision(), json4)
        .put(v6.get().key(), v6.get().revision(), json6)
        .put(handle.key, handle.stored.modRevision(), hjson);
    List<BlockAllocation> got = new ArrayList<>(got4);
    got.addAll(got6);
    Optional<CompanionWrite> companion = handle.companion == null ? Optional.empty()
        : handle.companion.apply(got.stream().map(BlockAllocation::address).toList());
    companion.ifPresent(c -> cas.put(c.key(), 0, c.value()));
    Cas.Outcome o = cas.commit(etcd, "assign from blocks " + v4.get().name() + " and " + v6.get().name());
    if (o.succeeded()) {
      remember(v4.get().key(), new Versioned<>(json4, o.revision()));
      remember(v6.get().key(), new Versioned<>(json6, o.revision()));
      handle.committed(hjson, o.revision(), got, companion.isPresent());
      return Optional.of(new CompanionWrite.Assigned(new AssignedIps(got4, got6), companion.isPresent()));
    }
    remember(v4.get().key(), o.current(v4.get().key()));
    remember(v6.get().key(), o.current(v6.get().key()));
    handle.lostRace(o, companion);
    log.debug("dual-stack assignment for {} lost a race on host {}; assigning per family", args.handleId(), host);
    return Optional.empty();
  }

  /** A block as cached, parsed, with the revision a write of it must still find. */
  private record KnownBlock(String key, String name, long revision, AllocationBlock block) {}

  /** The first block this host is known to own, in an eligible pool, with room for {@code num}. */
  private Optional<KnownBlock> knownBlockWithRoom(int version, int num, AutoAssignArgs args) {
    String host = args.hostname();
    List<PoolSpec> eligible = eligiblePools(version, host, args.intendedUse(),
        version == 4 ? args.ipv4Pools() : args.ipv6Pools());
    for (IPAddress cidr : known(host, version)) {
      if (!inAny(eligible, cidr)) continue;
      String key = Keys.ipamBlock(cidr);
      Versioned<byte[]> cached = blockCache.get(key);
      if (cached == null || !cached.exists()) continue;
      AllocationBlock b = AllocationBlock.parse(key, cached.value());
      if (b.isAffineTo(host) && b.freeCount() >= num) {
        return Optional.of(new KnownBlock(key, BlockCidrs.format(cidr), cached.modRevision(), b));
      }
    }
    return Optional.empty();
  }

  private List<BlockAllocation> assignFamily(int version, int num, AutoAssignArgs args, Map<String, String> attrs,
      HandleRef handle) {
    if (num == 0) return List.of();
    String host = args.hostname();
    List<PoolSpec> eligible = eligiblePools(version, host, args.intendedUse(),
        version == 4 ? args.ipv4Pools() : args.ipv6Pools());
    List<BlockAllocation> got = new ArrayList<>(num);
    Set<IPAddress> known = known(host, version);
    try {
      // 0. blocks we know to be ours: no other read needed (the write checks the block still is)
      for (IPAddress cidr : List.copyOf(known)) {
        if (got.size() < num && inAny(eligible, cidr)) {
          got.addAll(takeFrom(cidr, num - got.size(), args.handleId(), attrs, host, true, handle));
        }
      }
      if (got.size() == num) return got;
      HostContext ctx = hostContext(version, host);
      IpamConfig config = ctx.config();
      // 1. blocks this host owns, as etcd lists them
      int owned = 0;
      for (Map.Entry<IPAddress, Versioned<byte[]>> e : ctx.affinities().entrySet()) {
        Optional<IPAddress> usable = settleAffinity(host, e.getKey(), e.getValue());
        if (usable.isEmpty()) continue;
        owned++;
        known.add(usable.get());
        if (got.size() < num && inAny(eligible, usable.get())) {
          got.addAll(takeFrom(usable.get(), num - got.size(), args.handleId(), attrs, host, true, handle));
        }
      }
      // 2. new blocks, up to the host's limit
      while (got.size() < num && config.autoAllocateBlocks() && config.allowsMoreBlocks(owned)) {
        Optional<IPAddress> claimed = claimNewBlock(version, eligible, host);
        if (claimed.isEmpty()) break;
        owned++;
        known.add(claimed.get());
        got.addAll(takeFrom(claimed.get(), num - got.size(), args.handleId(), attrs, host, true, handle));
      }
      // 3. other hosts' blocks
      if (got.size() < num && !config.strictAffinity()) {
        got.addAll(borrow(version, eligible, num - got.size(), args.handleId(), attrs, host, handle));
      }
      if (got.size() < num) {
        String pools = eligible.stream().map(p -> BlockCidrs.format(p.cidr())).toList().toString();
        if (config.strictAffinity() && !config.allowsMoreBlocks(owned)) {
          throw new IpamException.HostBlockLimit("host " + host + " owns " + owned + " IPv" + version
              + " blocks (maxBlocksPerHost " + config.maxBlocksPerHost() + "), all full, and strictAffinity forbids"
              + " borrowing from other hosts' blocks: wanted " + num + ", found " + got.size() + " in " + pools);
        }
        throw new IpamException.Exhausted("no free IPv" + version + " address for host " + host + " in " + pools
            + ": wanted " + num + ", found " + got.size()
            + (config.strictAffinity() ? " (strictAffinity: no borrowing)" : ""));
      }
      return got;
    } catch (RuntimeException e) {
      // A claim may have been cut short: the next call reads the host's affinities and settles it.
      known.clear();
      giveBack(got, e);
      throw e;
    }
  }

  /** Releases what a failed call had taken; if even that fails, the caller's release by handle will. */
  private void giveBack(List<BlockAllocation> taken, RuntimeException cause) {
    if (taken.isEmpty()) return;
    try {
      releaseIps(taken.stream().map(ReleaseRequest::exactly).toList());
    } catch (RuntimeException e) {
      cause.addSuppressed(e);
      log.warn("could not give back {} addresses after a failed assignment: {}", taken.size(), e.getMessage());
    }
  }

  private List<PoolSpec> eligiblePools(int version, String host, String use, List<IPAddress> requested) {
    Map<String, String> labels = null;
    List<PoolSpec> out = new ArrayList<>();
    for (PoolSpec p : pools.pools()) {
      if (p.ipVersion() != version || p.disabled() || !p.allowedUses().contains(use)) continue;
      if (!requested.isEmpty() && requested.stream().noneMatch(r -> r.toPrefixBlock().equals(p.cidr()))) continue;
      if (labels == null) labels = hostLabels.labels(host);
      if (p.selectsNode(labels)) out.add(p);
    }
    if (out.isEmpty()) {
      throw new IpamException.NoPool("no enabled IPv" + version + " pool for " + use + " on host " + host
          + (requested.isEmpty() ? "" : " among " + requested));
    }
    return out;
  }

  private static boolean inAny(List<PoolSpec> pools, IPAddress block) {
    for (PoolSpec p : pools) if (p.cidr().contains(block)) return true;
    return false;
  }

  private static Map<String, String> withNode(Map<String, String> attrs, String host) {
    if (attrs.containsKey(AllocationAttribute.NODE)) return attrs;
    Map<String, String> m = new LinkedHashMap<>(attrs);
    m.put(AllocationAttribute.NODE, host);
    return m;
  }

  private <T> T underHostLock(String host, Supplier<T> work) {
    if (!options.serializePerHost()) return work.get();
    Lock l = hostLocks.get(host);
    l.lock();
    try {
      return work.get();
    } finally {
      l.unlock();
    }
  }

  /**
   * The handle record as last seen during one call (its revision guards every write of the call),
   * and the call's companion write: taken along by the block write that completes the last family.
   */
  private static final class HandleRef {
    final String id;
    final String key;
    Versioned<byte[]> stored = Versioned.absent(); // a new handle is the common case; a wrong guess costs one retry
    Function<List<IPAddress>, Optional<CompanionWrite>> companion; // null: none (or given up)
    int lastFamily;
    final List<BlockAllocation> taken = new ArrayList<>();
    boolean companionCreated;

    /** The companion to write with {@code got}, when that completes the call: {@code n} of the last family. */
    Optional<CompanionWrite> companionWith(IPAddress block, List<BlockAllocation> got, int n) {
      if (companion == null || got.size() != n || (block.isIPv4() ? 4 : 6) != lastFamily) return Optional.empty();
      List<BlockAllocation> all = new ArrayList<>(taken);
      all.addAll(got);
      return companion.apply(all.stream().map(BlockAllocation::address).toList());
    }

    HandleRef(String id) {
      this.id = id;
      this.key = Keys.ipamHandle(id);
    }

    IpamHandle value() {
      return stored.exists() ? IpamHandle.parse(key, stored.value()) : IpamHandle.EMPTY;
    }

    /** A write of {@code json} with {@code got} (and the companion, when given) went through. */
    void committed(byte[] json, long revision, List<BlockAllocation> got, boolean withCompanion) {
      stored = new Versioned<>(json, revision);
      taken.addAll(got);
      companionCreated |= withCompanion;
    }

    /** A write lost the race: the handle as etcd has it now; a companion that exists is not ours to create. */
    void lostRace(Cas.Outcome o, Optional<CompanionWrite> tried) {
      stored = o.current(key);
      if (tried.isPresent() && o.current(tried.get().key()).exists()) {
        companion = null; // the caller writes its record its own way
      }
    }
  }

  /**
   * Takes up to n addresses from one block in one transaction with the handle. affineOnly: only
   * while the block still names this host.
   */
  private List<BlockAllocation> takeFrom(IPAddress cidr, int n, String handleId, Map<String, String> attrs, String host,
      boolean affineOnly, HandleRef handle) {
    String key = Keys.ipamBlock(cidr);
    String name = BlockCidrs.format(cidr);
    Versioned<byte[]> cur = cachedBlock(key);
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      AllocationBlock b = cur.exists() ? AllocationBlock.parse(key, cur.value()) : null;
      boolean ours = b != null && b.isAffineTo(host);
      if (!ours) known(host, cidr.isIPv4() ? 4 : 6).remove(cidr);
      if (b == null || (affineOnly && !ours)) return List.of();
      if (b.freeCount() == 0) return List.of();
      List<BlockAllocation> got = b.autoAssign(n, handleId, attrs);
      byte[] json = b.toJson();
      IpamHandle h = handle.value().plus(name, got.size()).orElseThrow();
      byte[] hjson = h.toJson();
      Cas cas = new Cas().put(key, cur.modRevision(), json).put(handle.key, handle.stored.modRevision(), hjson);
      Optional<CompanionWrite> companion = handle.companionWith(cidr, got, n);
      companion.ifPresent(c -> cas.put(c.key(), 0, c.value()));
      Cas.Outcome o = cas.commit(etcd, "assign from block " + name);
      if (o.succeeded()) {
        remember(key, new Versioned<>(json, o.revision()));
        handle.committed(hjson, o.revision(), got, companion.isPresent());
        return got;
      }
      cur = o.current(key);
      remember(key, cur);
      handle.lostRace(o, companion);
      backoff(attempt);
    }
    throw contention("assign from block " + name);
  }

  /**
   * Takes addresses from blocks this host does not own. A block that fills up while we try it is
   * skipped; the list is read again (at most three times) since blocks claimed meanwhile by other
   * hosts may have room.
   */
  private List<BlockAllocation> borrow(int version, List<PoolSpec> eligible, int num, String handleId,
      Map<String, String> attrs, String host, HandleRef handle) {
    List<BlockAllocation> got = new ArrayList<>();
    for (int pass = 0; pass < 3 && got.size() < num; pass++) {
      List<IPAddress> candidates = new ArrayList<>();
      for (KeyValue kv : list(Keys.ipamBlockPrefix(version), false)) {
        String key = kv.getKey().toString(UTF_8);
        AllocationBlock b = AllocationBlock.parse(key, kv.getValue().getBytes());
        remember(key, Cas.versioned(kv));
        if (!b.isAffineTo(host) && b.freeCount() > 0 && inAny(eligible, b.cidr())) candidates.add(b.cidr());
      }
      if (candidates.isEmpty()) break;
      // Start somewhere of our own, so borrowing nodes spread over the blocks instead of racing.
      int start = BlockCidrs.hostRandom(host).nextInt(candidates.size());
      for (int i = 0; i < candidates.size() && got.size() < num; i++) {
        got.addAll(takeFrom(candidates.get((start + i) % candidates.size()), num - got.size(), handleId, attrs, host,
            false, handle));
      }
    }
    return got;
  }

  @Override
  public BlockAllocation assignIp(IPAddress ip, String handleId, Map<String, String> attrs, String host) {
    IPAddress address = ip.withoutPrefixLength();
    PoolSpec pool = pools.pools().stream().filter(p -> !p.disabled() && p.contains(address)).findFirst()
        .orElseThrow(() -> new IpamException.NotInPool(address + " is in no enabled IP pool"));
    IPAddress cidr = BlockCidrs.blockOf(address, pool.blockSize());
    String key = Keys.ipamBlock(cidr);
    Map<String, String> a = withNode(attrs == null ? Map.of() : attrs, host);
    return underHostLock(host, () -> {
      HandleRef handle = new HandleRef(handleId);
      handle.stored = get(handle.key);
      Versioned<byte[]> cur = get(key);
      for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
        if (!cur.exists()) {
          // Nobody has the block: it becomes this host's, as in Calico.
          claim(cidr, host);
          cur = get(key);
          continue;
        }
        AllocationBlock b = AllocationBlock.parse(key, cur.value());
        BlockAllocation got = b.assign(address, handleId, a).orElseThrow(() -> new IpamException.AddressInUse(
            address + " is already assigned" + b.allocationAt(address).map(x -> " to handle " + x.handleId()).orElse("")));
        byte[] json = b.toJson();
        IpamHandle h = handle.value().plus(BlockCidrs.format(cidr), 1).orElseThrow();
        Cas.Outcome o = new Cas().put(key, cur.modRevision(), json).put(handle.key, handle.stored.modRevision(), h.toJson())
            .commit(etcd, "assign " + address);
        if (o.succeeded()) {
          remember(key, new Versioned<>(json, o.revision()));
          return got;
        }
        cur = o.current(key);
        handle.stored = o.current(handle.key);
        backoff(attempt);
      }
      throw contention("assign " + address);
    });
  }

  // ---------------------------------------------------------------- block claims

  /** The config and this host's affinities of one family, read together in one round trip. */
  private record HostContext(IpamConfig config, Map<IPAddress, Versioned<byte[]>> affinities) {}

  private HostContext hostContext(int version, String host) {
    String prefix = Keys.ipamHostAffinityPrefix(host, version);
    TxnResponse r = etcd.call("read IPAM config and affinities of " + host, etcd.kv().txn()
        .Then(Op.get(Cas.bytes(Keys.ipamConfig()), GetOption.DEFAULT),
            Op.get(Cas.bytes(prefix), GetOption.builder().isPrefix(true).build()))
        .commit());
    List<GetResponse> gets = r.getGetResponses();
    IpamConfig config = gets.get(0).getKvs().isEmpty() ? IpamConfig.DEFAULT
        : IpamConfig.parse(Keys.ipamConfig(), gets.get(0).getKvs().get(0).getValue().getBytes());
    Map<IPAddress, Versioned<byte[]>> affinities = new TreeMap<>(Comparator.comparing(IPAddress::getValue));
    for (KeyValue kv : gets.get(1).getKvs()) {
      String key = kv.getKey().toString(UTF_8);
      affinities.put(IpamSnapshot.cidrOfSegment(key.substring(prefix.length())), Cas.versioned(kv));
    }
    return new HostContext(config, affinities);
  }

  /**
   * Whether an affinity of this host gives it a block to allocate from. A pending one (a claim
   * that was interrupted) is finished when the block names this host and rolled back otherwise;
   * a confirmed one is taken as it is (its block is read when allocating).
   */
  private Optional<IPAddress> settleAffinity(String host, IPAddress cidr, Versioned<byte[]> aff) {
    String akey = Keys.ipamAffinity(host, cidr);
    BlockAffinity value = BlockAffinity.parse(akey, aff.value());
    if (value.confirmed()) return Optional.of(cidr);
    if (value.state() == BlockAffinity.State.PENDING_DELETION) return Optional.empty(); // being released
    return finishClaim(cidr, host, aff, get(Keys.ipamBlock(cidr))).exists() ? Optional.of(cidr) : Optional.empty();
  }

  private Optional<IPAddress> claimNewBlock(int version, List<PoolSpec> eligible, String host) {
    BlockIndex existing = new BlockIndex(list(Keys.ipamBlockPrefix(version), true));
    for (PoolSpec pool : eligible) {
      for (Iterator<IPAddress> it = BlockCidrs.searchOrder(pool.cidr(), pool.blockSize(), host); it.hasNext(); ) {
        IPAddress cidr = it.next();
        if (existing.overlaps(cidr)) continue;
        if (claim(cidr, host)) return Optional.of(cidr);
        existing.add(cidr); // lost the race for it: someone else's now
      }
    }
    return Optional.empty();
  }

  /** Claims a block for a host in Calico's two phases; false when another host got it first. */
  private boolean claim(IPAddress cidr, String host) {
    String akey = Keys.ipamAffinity(host, cidr);
    String bkey = Keys.ipamBlock(cidr);
    String name = BlockCidrs.format(cidr);
    byte[] pending = BlockAffinity.PENDING.toJson();
    // phase 1: pending affinity (or take over the one an earlier, interrupted attempt left)
    Cas.Outcome o = new Cas().put(akey, 0, pending).commit(etcd, "claim block " + name);
    Versioned<byte[]> aff = o.succeeded() ? new Versioned<>(pending, o.revision()) : o.current(akey);
    if (!aff.exists()) return false; // created and deleted meanwhile: leave it to whoever did that
    // phase 2: the block, created only while our affinity is unchanged
    byte[] json = AllocationBlock.create(cidr, host, epochNanos()).toJson();
    Cas.Outcome created = new Cas().put(bkey, 0, json).guard(akey, aff.modRevision()).commit(etcd, "create block " + name);
    if (created.succeeded()) return finishClaim(cidr, host, aff, new Versioned<>(json, created.revision())).exists();
    if (created.current(akey).modRevision() != aff.modRevision()) return false;
    return finishClaim(cidr, host, aff, created.current(bkey)).exists();
  }

  /**
   * Phase 3: confirms the affinity while the block names this host (both revisions compared), or
   * deletes it when the block is someone else's or missing. Returns the block when the host owns
   * it, absent when the claim is lost.
   */
  private Versioned<byte[]> finishClaim(IPAddress cidr, String host, Versioned<byte[]> aff, Versioned<byte[]> block) {
    String akey = Keys.ipamAffinity(host, cidr);
    String bkey = Keys.ipamBlock(cidr);
    String name = BlockCidrs.format(cidr);
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (!aff.exists()) return Versioned.absent();
      boolean ours = block.exists() && AllocationBlock.parse(bkey, block.value()).isAffineTo(host);
      if (ours && BlockAffinity.parse(akey, aff.value()).confirmed()) {
        remember(bkey, block);
        return block;
      }
      Cas.Outcome o = ours
          ? new Cas().put(akey, aff.modRevision(), BlockAffinity.CONFIRMED.toJson()).guard(bkey, block.modRevision())
              .commit(etcd, "confirm block " + name)
          : new Cas().delete(akey, aff.modRevision()).guard(bkey, block.modRevision())
              .commit(etcd, "roll back claim of block " + name);
      if (o.succeeded()) {
        if (!ours) {
          log.debug("{}: block {} is not ours, affinity removed", host, name);
          return Versioned.absent();
        }
        remember(bkey, block);
        return block;
      }
      aff = o.current(akey);
      block = o.current(bkey);
      backoff(attempt);
    }
    throw contention("confirm block " + name);
  }

  /** Existing blocks by address range, to skip any candidate that overlaps one (pools whose block size changed). */
  private static final class BlockIndex {
    private final NavigableMap<BigInteger, BigInteger> ranges = new TreeMap<>();

    BlockIndex(List<KeyValue> keys) {
      for (KeyValue kv : keys) {
        String key = kv.getKey().toString(UTF_8);
        add(IpamSnapshot.cidrOfSegment(key.substring(key.lastIndexOf('/') + 1)));
      }
    }

    void add(IPAddress cidr) {
      ranges.put(cidr.getLower().getValue(), cidr.getUpper().getValue());
    }

    boolean overlaps(IPAddress cidr) {
      Map.Entry<BigInteger, BigInteger> e = ranges.floorEntry(cidr.getUpper().getValue());
      return e != null && e.getValue().compareTo(cidr.getLower().getValue()) >= 0;
    }

    Optional<IPAddress> containing(IPAddress address, int bits) {
      Map.Entry<BigInteger, BigInteger> e = ranges.floorEntry(address.getValue());
      if (e == null || e.getValue().compareTo(address.getValue()) < 0) return Optional.empty();
      int prefix = bits - e.getValue().subtract(e.getKey()).add(BigInteger.ONE).bitLength() + 1;
      return Optional.of(BlockCidrs.blockOf(address, prefix));
    }
  }

  // ---------------------------------------------------------------- release

  @Override
  public ReleaseResult releaseIps(List<ReleaseRequest> requests) {
    Map<IPAddress, List<ReleaseRequest>> byBlock = new LinkedHashMap<>();
    List<IPAddress> notAssigned = new ArrayList<>();
    Map<Integer, BlockIndex> index = new HashMap<>();
    for (ReleaseRequest r : requests) {
      int version = r.address().isIPv4() ? 4 : 6;
      BlockIndex idx = index.computeIfAbsent(version, v -> new BlockIndex(list(Keys.ipamBlockPrefix(v), true)));
      Optional<IPAddress> block = idx.containing(r.address(), r.address().getBitCount());
      if (block.isEmpty()) notAssigned.add(r.address());
      else byBlock.computeIfAbsent(block.get(), b -> new ArrayList<>()).add(r);
    }
    List<BlockAllocation> released = new ArrayList<>();
    byBlock.forEach((cidr, reqs) -> {
      AllocationBlock.Released r = releaseFromBlock(cidr, reqs);
      released.addAll(r.released());
      notAssigned.addAll(r.notAssigned());
    });
    return new ReleaseResult(released, notAssigned);
  }

  private AllocationBlock.Released releaseFromBlock(IPAddress cidr, List<ReleaseRequest> reqs) {
    String key = Keys.ipamBlock(cidr);
    String name = BlockCidrs.format(cidr);
    Versioned<byte[]> cur = cachedBlock(key);
    Map<String, Versioned<byte[]>> handles = new HashMap<>();
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (!cur.exists()) {
        return new AllocationBlock.Released(List.of(), reqs.stream().map(ReleaseRequest::address).toList(), Map.of(), List.of());
      }
      AllocationBlock b = AllocationBlock.parse(key, cur.value());
      AllocationBlock.Released r = b.release(reqs);
      if (r.isRefused()) throw new IpamException.StaleRelease("release refused, nothing released in " + name + ": "
          + String.join("; ", r.refused()));
      if (r.released().isEmpty()) return r;
      List<String> missing = r.perHandle().keySet().stream().map(Keys::ipamHandle).filter(k -> !handles.containsKey(k)).toList();
      if (!missing.isEmpty()) handles.putAll(getAll(missing));
      Cas cas = new Cas();
      byte[] json = writeOrDelete(cas, key, cur, b);
      r.perHandle().forEach((h, n) -> adjustHandle(cas, Keys.ipamHandle(h), handles.get(Keys.ipamHandle(h)), name, -n));
      Cas.Outcome o = cas.commit(etcd, "release from block " + name);
      if (o.succeeded()) {
        remember(key, json == null ? Versioned.absent() : new Versioned<>(json, o.revision()));
        return r;
      }
      cur = o.current(key);
      remember(key, cur);
      for (String h : r.perHandle().keySet()) handles.put(Keys.ipamHandle(h), o.current(Keys.ipamHandle(h)));
      backoff(attempt);
    }
    throw contention("release from block " + name);
  }

  /** Puts the changed block, or deletes it when it is empty and no host owns it; returns what was put. */
  private static byte[] writeOrDelete(Cas cas, String key, Versioned<byte[]> cur, AllocationBlock b) {
    if (b.isEmpty() && b.host().isEmpty()) {
      cas.delete(key, cur.modRevision());
      return null;
    }
    byte[] json = b.toJson();
    cas.put(key, cur.modRevision(), json);
    return json;
  }

  /** Changes a handle's count for a block in the transaction (deleting the handle when it counts nothing). */
  private static void adjustHandle(Cas cas, String hkey, Versioned<byte[]> stored, String block, int delta) {
    if (stored == null || !stored.exists()) {
      cas.guard(hkey, 0); // no record to correct; check() reports the mismatch
      return;
    }
    Optional<IpamHandle> next = IpamHandle.parse(hkey, stored.value()).plus(block, delta);
    if (next.isPresent()) cas.put(hkey, stored.modRevision(), next.get().toJson());
    else cas.delete(hkey, stored.modRevision());
  }

  @Override
  public List<BlockAllocation> releaseByHandle(String handleId) {
    String hkey = Keys.ipamHandle(handleId);
    Versioned<byte[]> stored = get(hkey);
    List<BlockAllocation> released = new ArrayList<>();
    int attempt = 0;
    while (stored.exists()) {
      IpamHandle h = IpamHandle.parse(hkey, stored.value());
      Cas cas = new Cas();
      String name = h.block().keySet().stream().findFirst().orElse(null);
      List<BlockAllocation> freed = List.of();
      String bkey = null;
      Versioned<byte[]> cur = null;
      byte[] json = null;
      if (name == null) {
        cas.delete(hkey, stored.modRevision());
      } else {
        bkey = Keys.ipamBlock(BlockCidrs.parse(name));
        cur = cachedBlock(bkey);
        if (cur.exists()) {
          AllocationBlock b = AllocationBlock.parse(bkey, cur.value());
          freed = b.releaseByHandle(handleId).released();
          if (freed.isEmpty()) cas.guard(bkey, cur.modRevision());
          else json = writeOrDelete(cas, bkey, cur, b);
        } else {
          cas.guard(bkey, 0);
        }
        // the handle forgets this block whatever it counted there
        adjustHandle(cas, hkey, stored, name, -h.count(name));
      }
      Cas.Outcome o = cas.commit(etcd, "release handle " + handleId);
      if (o.succeeded()) {
        released.addAll(freed);
        if (bkey != null && !freed.isEmpty()) remember(bkey, json == null ? Versioned.absent() : new Versioned<>(json, o.revision()));
        Optional<IpamHandle> rest = name == null ? Optional.empty() : h.plus(name, -h.count(name));
        stored = rest.map(r -> new Versioned<>(r.toJson(), o.revision())).orElse(Versioned.absent());
        attempt = 0;
      } else {
        if (bkey != null) remember(bkey, o.current(bkey));
        stored = o.current(hkey);
        if (++attempt > options.maxAttempts()) throw contention("release handle " + handleId);
        backoff(attempt);
      }
    }
    return released;
  }

  @Override
  public int releaseAffinities(String host) {
    int n = 0;
    for (int version : new int[] {4, 6}) {
      known(host, version).clear();
      String prefix = Keys.ipamHostAffinityPrefix(host, version);
      for (KeyValue kv : list(prefix, false)) {
        String key = kv.getKey().toString(UTF_8);
        if (releaseAffinity(host, IpamSnapshot.cidrOfSegment(key.substring(prefix.length())), Cas.versioned(kv))) n++;
      }
    }
    return n;
  }

  /** Drops one affinity: the block loses its owner in the same transaction (and goes if empty). */
  private boolean releaseAffinity(String host, IPAddress cidr, Versioned<byte[]> aff) {
    String akey = Keys.ipamAffinity(host, cidr);
    String bkey = Keys.ipamBlock(cidr);
    Versioned<byte[]> cur = get(bkey);
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      if (!aff.exists()) return false;
      Cas cas = new Cas().delete(akey, aff.modRevision());
      if (cur.exists() && AllocationBlock.parse(bkey, cur.value()).isAffineTo(host)) {
        AllocationBlock b = AllocationBlock.parse(bkey, cur.value());
        b.setHost(null);
        writeOrDelete(cas, bkey, cur, b);
      } else {
        cas.guard(bkey, cur.modRevision());
      }
      Cas.Outcome o = cas.commit(etcd, "release affinity of " + host + " for " + BlockCidrs.format(cidr));
      if (o.succeeded()) {
        blockCache.remove(bkey);
        return true;
      }
      aff = o.current(akey);
      cur = o.current(bkey);
      backoff(attempt);
    }
    throw contention("release affinity of " + host);
  }

  // ---------------------------------------------------------------- queries

  @Override
  public List<IPAddress> ipsByHandle(String handleId) {
    String hkey = Keys.ipamHandle(handleId);
    Versioned<byte[]> stored = get(hkey);
    if (!stored.exists()) return List.of();
    IpamHandle h = IpamHandle.parse(hkey, stored.value());
    List<String> keys = h.block().keySet().stream().map(c -> Keys.ipamBlock(BlockCidrs.parse(c))).toList();
    List<IPAddress> out = new ArrayList<>();
    getAll(keys).forEach((key, v) -> {
      if (!v.exists()) return;
      for (BlockAllocation a : AllocationBlock.parse(key, v.value()).allocations()) {
        if (handleId.equals(a.handleId())) out.add(a.address());
      }
    });
    out.sort(Comparator.comparing(IPAddress::getValue));
    return out;
  }

  @Override
  public Optional<BlockAllocation> getAssignmentAttributes(IPAddress ip) {
    IPAddress address = ip.withoutPrefixLength();
    BlockIndex idx = new BlockIndex(list(Keys.ipamBlockPrefix(address.isIPv4() ? 4 : 6), true));
    return idx.containing(address, address.getBitCount()).flatMap(cidr -> {
      String key = Keys.ipamBlock(cidr);
      Versioned<byte[]> v = get(key);
      return v.exists() ? AllocationBlock.parse(key, v.value()).allocationAt(address) : Optional.empty();
    });
  }

  @Override
  public List<Leak> findLeaks(Set<String> liveHandles, Set<String> livePods) {
    List<Leak> out = new ArrayList<>();
    for (AllocationBlock b : snapshot().blocks().values()) {
      for (BlockAllocation a : b.allocations()) {
        if (a.handleId() == null || liveHandles.contains(a.handleId()) || infrastructure(a)) continue;
        String ns = a.attributes().get(AllocationAttribute.NAMESPACE);
        String pod = a.attributes().get(AllocationAttribute.POD);
        if (livePods != null && pod != null && livePods.contains(ns + "/" + pod)) continue;
        out.add(new Leak(a, b.cidr(), b.host()));
      }
    }
    return out;
  }

  /** Tunnel and reserved addresses belong to nodes, not workloads: never leak candidates. */
  private static boolean infrastructure(BlockAllocation a) {
    return a.attributes().containsKey("type") || a.handleId().equalsIgnoreCase("windows-reserved-ipam-handle")
        || a.handleId().startsWith("ipip-tunnel-addr-") || a.handleId().startsWith("vxlan-tunnel-addr-")
        || a.handleId().startsWith("wireguard-tunnel-addr-");
  }

  @Override
  public CheckReport check() {
    return IpamChecker.check(snapshot(), pools.pools());
  }

  @Override
  public UsageReport usage() {
    return UsageReport.of(snapshot(), pools.pools());
  }

  @Override
  public IpamConfig getConfig() {
    Versioned<byte[]> v = get(Keys.ipamConfig());
    return v.exists() ? IpamConfig.parse(Keys.ipamConfig(), v.value()) : IpamConfig.DEFAULT;
  }

  @Override
  public IpamConfig setConfig(IpamConfig config) {
    String key = Keys.ipamConfig();
    Versioned<byte[]> cur = get(key);
    for (int attempt = 1; attempt <= options.maxAttempts(); attempt++) {
      Cas.Outcome o = new Cas().put(key, cur.modRevision(), config.toJson()).commit(etcd, "write IPAM config");
      if (o.succeeded()) return config;
      cur = o.current(key);
    }
    throw contention("write IPAM config");
  }

  @Override
  public IpamSnapshot snapshot() {
    GetResponse r = etcd.call("read IPAM data", etcd.kv().get(Cas.bytes(Keys.IPAM), GetOption.builder().isPrefix(true).build()));
    Map<String, byte[]> kvs = new LinkedHashMap<>();
    for (KeyValue kv : r.getKvs()) kvs.put(kv.getKey().toString(UTF_8), kv.getValue().getBytes());
    return IpamSnapshot.of(r.getHeader().getRevision(), kvs);
  }

  /** The etcd client; closing IPAM does not close it (it is usually shared with the resource store). */
  public EtcdAccess etcd() {
    return etcd;
  }

  @Override
  public void close() {
    blockCache.clear();
    knownAffine.clear();
  }

  // ---------------------------------------------------------------- etcd reads

  private Versioned<byte[]> get(String key) {
    GetResponse r = etcd.call("get " + key, etcd.kv().get(Cas.bytes(key)));
    return r.getKvs().isEmpty() ? Versioned.absent() : Cas.versioned(r.getKvs().get(0));
  }

  /** Several keys in one round trip (one read-only transaction), absent ones included. */
  private Map<String, Versioned<byte[]>> getAll(Collection<String> keys) {
    Map<String, Versioned<byte[]>> out = new LinkedHashMap<>();
    if (keys.isEmpty()) return out;
    List<String> order = List.copyOf(keys);
    TxnResponse r = etcd.call("get " + order.size() + " IPAM keys", etcd.kv().txn()
        .Then(order.stream().map(k -> Op.get(Cas.bytes(k), GetOption.DEFAULT)).toArray(Op[]::new)).commit());
    List<GetResponse> gets = r.getGetResponses();
    for (int i = 0; i < order.size(); i++) {
      List<KeyValue> kvs = gets.get(i).getKvs();
      out.put(order.get(i), kvs.isEmpty() ? Versioned.absent() : Cas.versioned(kvs.get(0)));
    }
    return out;
  }

  private List<KeyValue> list(String prefix, boolean keysOnly) {
    GetOption opt = GetOption.builder().isPrefix(true).withKeysOnly(keysOnly).build();
    return etcd.call("list " + prefix, etcd.kv().get(Cas.bytes(prefix), opt)).getKvs();
  }

  private Set<IPAddress> known(String host, int version) {
    return knownAffine.computeIfAbsent(host + "/" + version,
        k -> new java.util.concurrent.ConcurrentSkipListSet<>(Comparator.comparing(IPAddress::getValue)));
  }

  private Versioned<byte[]> cachedBlock(String key) {
    Versioned<byte[]> v = blockCache.get(key);
    return v != null ? v : get(key);
  }

  private void remember(String key, Versioned<byte[]> v) {
    if (v.exists()) blockCache.put(key, v);
    else blockCache.remove(key);
  }

  private long epochNanos() {
    java.time.Instant now = options.clock().instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static void backoff(int attempt) {
    if (attempt < 2) return; // the failed transaction brought fresh values: retry at once
    try {
      TimeUnit.MILLISECONDS.sleep(ThreadLocalRandom.current().nextInt(1, 1 + Math.min(50, 1 << Math.min(attempt, 6))));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while retrying an IPAM write", e);
    }
  }

  private IpamException.TooMuchContention contention(String what) {
    return new IpamException.TooMuchContention(what + ": lost the compare-and-swap race " + options.maxAttempts()
        + " times in a row");
  }
}
