package io.jcalico.felix.cni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Undo actions of a multi-step operation, run newest first when a later step fails. Each undo
 * runs even when an earlier one fails; the failures are returned, never thrown, because the
 * step's own error is what the caller reports.
 */
final class Rollback {
  /** An undo step; it may fail like the step it reverts. */
  @FunctionalInterface
  interface Undo {
    void run() throws Exception;
  }

  private record Entry(String what, Undo undo) {}

  private final Deque<Entry> entries = new ArrayDeque<>();

  void push(String what, Undo undo) {
    entries.push(new Entry(what, undo));
  }

  /** Forgets the newest undo: its step turned out to have made nothing worth reverting. */
  void dropLast() {
    entries.pop();
  }

  /** Runs every undo, newest first; returns "what: why" for each that failed. */
  List<String> unwind() {
    List<String> failures = new ArrayList<>();
    while (!entries.isEmpty()) {
      Entry e = entries.pop();
      try {
        e.undo().run();
      } catch (Exception ex) {
        failures.add(e.what() + ": " + ex.getMessage());
      }
    }
    return failures;
  }
}
