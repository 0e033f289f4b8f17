package io.jcalico.datastore.store;

import java.util.List;

/**
 * The etcd calls the resource store makes, each one round trip: read a key or a prefix, and the
 * three compare-and-swap writes. {@code what} names the call in errors. Calls that get no answer
 * fail with {@link DatastoreException.Unavailable}. Implemented over jetcd ({@link JetcdKv}) and
 * over etcd's JSON gateway ({@link GatewayKv}), which a short-lived CLI starts much faster.
 */
public interface ResourceKv extends AutoCloseable {

  /** A key as read, with the revision it was last written at. */
  record Entry(String key, byte[] value, long modRevision, long createRevision) {}

  /** The entries of a read and the store revision it was served at. */
  record Range(List<Entry> entries, long revision) {
    public Range {
      entries = List.copyOf(entries);
    }
  }

  /** One key ({@code prefix} false: zero or one entry) or every key under a prefix, in key order. */
  Range range(String what, String key, boolean prefix);

  /** Writes the key if it does not exist; the revision written at, or -1 when it existed. */
  long createIfAbsent(String what, String key, byte[] value);

  /** Writes the key if it is still at {@code modRevision}; the revision written at, or -1. */
  long putIfModRevision(String what, String key, byte[] value, long modRevision);

  /** Deletes the key if it is still at {@code modRevision}; false when it was not. */
  boolean deleteIfModRevision(String what, String key, long modRevision);

  @Override
  void close();
}
