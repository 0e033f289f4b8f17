package io.jcalico.felix.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pending updates and deletions follow every change on either side. */
class DeltaTrackerTest {
  private final DeltaTracker<String, Integer> t = new DeltaTracker<>();

  @Test
  void desiredButMissingOrDifferentIsAPendingUpdate() {
    t.setDesired("a", 1);
    t.setDesired("b", 2);
    t.setDataplane("b", 3);
    assertThat(t.pendingUpdates()).isEqualTo(Map.of("a", 1, "b", 2));
    assertThat(t.pendingDeletions()).isEmpty();

    t.setDataplane("a", 1);
    t.setDataplane("b", 2);
    assertThat(t.pendingUpdates()).isEmpty();
    assertThat(t.inSync()).isTrue();
  }

  @Test
  void inTheDataplaneButNotDesiredIsAPendingDeletion() {
    t.replaceAllDataplane(Map.of("x", 1, "y", 2));
    t.setDesired("y", 2);
    assertThat(t.pendingDeletions()).containsExactly("x");
    t.deleteDataplane("x");
    assertThat(t.pendingDeletions()).isEmpty();

    t.deleteDesired("y");
    assertThat(t.pendingDeletions()).containsExactly("y");
    assertThat(t.pendingUpdates()).isEmpty();
  }

  @Test
  void aResyncRecomputesKeysThatVanishedFromTheDataplane() {
    t.setDesired("a", 1);
    t.setDataplane("a", 1);
    assertThat(t.inSync()).isTrue();

    t.replaceAllDataplane(Map.of()); // deleted by hand
    assertThat(t.pendingUpdates()).isEqualTo(Map.of("a", 1));
    assertThat(t.dataplane("a")).isEmpty();
    assertThat(t.desired("a")).contains(1);
  }
}
