package io.jcalico.ipam;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import io.jcalico.datastore.store.EtcdAccess;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One etcd transaction that writes several IPAM keys only if each is still at the revision it was
 * read at: create is {@code version(key) == 0}, update and delete are {@code mod_revision(key) ==
 * rev}. Nothing is ever put blind. When the comparison fails, the same round trip reads the
 * guarded keys back (the Else branch), so the caller retries from fresh values without another
 * read.
 */
final class Cas {
  private final List<Cmp> cmps = new ArrayList<>();
  private final List<Op> then = new ArrayList<>();
  private final List<String> guarded = new ArrayList<>();

  /** Write {@code value} at {@code key}, expected at revision {@code rev} (0: must not exist). */
  Cas put(String key, long rev, byte[] value) {
    guard(key, rev);
    then.add(Op.put(bytes(key), ByteSequence.from(value), PutOption.DEFAULT));
    return this;
  }

  /** Delete {@code key}, expected at revision {@code rev}. */
  Cas delete(String key, long rev) {
    if (rev == 0) throw new IllegalArgumentException("deleting " + key + " that was read as absent");
    guard(key, rev);
    then.add(Op.delete(bytes(key), DeleteOption.DEFAULT));
    return this;
  }

  /** Write nothing at {@code key} but require it unchanged (0: still absent). */
  Cas guard(String key, long rev) {
    if (guarded.contains(key)) throw new IllegalStateException(key + " guarded twice in one transaction");
    guarded.add(key);
    cmps.add(rev == 0
        ? new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0))
        : new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(rev)));
    return this;
  }

  boolean isEmpty() {
    return then.isEmpty();
  }

  /** The result: success with the new revision, or the guarded keys as they are now. */
  record Outcome(boolean succeeded, long revision, Map<String, Versioned<byte[]>> current) {
    Versioned<byte[]> current(String key) {
      return current.getOrDefault(key, Versioned.absent());
    }
  }

  Outcome commit(EtcdAccess etcd, String what) {
    List<Op> otherwise = new ArrayList<>(guarded.size());
    for (String k : guarded) otherwise.add(Op.get(bytes(k), GetOption.DEFAULT));
    TxnResponse r = etcd.call(what, etcd.kv().txn()
        .If(cmps.toArray(Cmp[]::new))
        .Then(then.toArray(Op[]::new))
        .Else(otherwise.toArray(Op[]::new))
        .commit());
    if (r.isSucceeded()) return new Outcome(true, r.getHeader().getRevision(), Map.of());
    Map<String, Versioned<byte[]>> now = new LinkedHashMap<>();
    r.getGetResponses().forEach(g -> {
      for (KeyValue kv : g.getKvs()) now.put(kv.getKey().toString(UTF_8), versioned(kv));
    });
    return new Outcome(false, r.getHeader().getRevision(), now);
  }

  static Versioned<byte[]> versioned(KeyValue kv) {
    return new Versioned<>(kv.getValue().getBytes(), kv.getModRevision());
  }

  static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }
}
