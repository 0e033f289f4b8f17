package io.jcalico.datastore.watch;

/** Receives the changes of a watch, in revision order, on a single thread. */
public interface WatchListener {
  void onEvent(WatchEvent event);

  /**
   * The watch ended with an error (e.g. the start revision was compacted, or a stored value did
   * not parse). The watcher should list again and watch from the list's revision.
   */
  default void onError(Throwable error) {}
}
