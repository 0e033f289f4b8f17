package io.jcalico.datastore.watch;

/** A running watch; closing it stops the events. */
public interface ResourceWatch extends AutoCloseable {
  @Override
  void close();
}
