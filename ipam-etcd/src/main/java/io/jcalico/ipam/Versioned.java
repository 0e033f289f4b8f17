package io.jcalico.ipam;

/**
 * A value read from etcd with the mod revision it was read at; revision 0 and a null value mean
 * the key did not exist. A write made from it compares that revision.
 */
record Versioned<T>(T value, long modRevision) {
  static <T> Versioned<T> absent() {
    return new Versioned<>(null, 0);
  }

  boolean exists() {
    return modRevision != 0;
  }
}
