package io.jcalico.datastore.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;
import java.util.ArrayList;
import java.util.List;

/** {@link ResourceKv} over jetcd (gRPC). */
final class JetcdKv implements ResourceKv {
  private final EtcdAccess etcd;

  JetcdKv(EtcdAccess etcd) {
    this.etcd = etcd;
  }

  @Override
  public Range range(String what, String key, boolean prefix) {
    GetResponse r = etcd.call(what, prefix
        ? etcd.kv().get(bytes(key), GetOption.builder().isPrefix(true).build())
        : etcd.kv().get(bytes(key)));
    List<Entry> out = new ArrayList<>(r.getKvs().size());
    for (KeyValue kv : r.getKvs()) {
      out.add(new Entry(kv.getKey().toString(UTF_8), kv.getValue().getBytes(), kv.getModRevision(), kv.getCreateRevision()));
    }
    return new Range(out, r.getHeader().getRevision());
  }

  @Override
  public long createIfAbsent(String what, String key, byte[] value) {
    return put(what, key, value, new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.version(0)));
  }

  @Override
  public long putIfModRevision(String what, String key, byte[] value, long modRevision) {
    return put(what, key, value, new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision)));
  }

  private long put(String what, String key, byte[] value, Cmp cmp) {
    TxnResponse r = etcd.call(what, etcd.kv().txn()
        .If(cmp).Then(Op.put(bytes(key), ByteSequence.from(value), PutOption.DEFAULT)).commit());
    return r.isSucceeded() ? r.getHeader().getRevision() : -1;
  }

  @Override
  public boolean deleteIfModRevision(String what, String key, long modRevision) {
    TxnResponse r = etcd.call(what, etcd.kv().txn()
        .If(new Cmp(bytes(key), Cmp.Op.EQUAL, CmpTarget.modRevision(modRevision)))
        .Then(Op.delete(bytes(key), DeleteOption.DEFAULT)).commit());
    return r.isSucceeded();
  }

  @Override
  public void close() {
    etcd.close();
  }

  private static ByteSequence bytes(String s) {
    return ByteSequence.from(s, UTF_8);
  }
}
