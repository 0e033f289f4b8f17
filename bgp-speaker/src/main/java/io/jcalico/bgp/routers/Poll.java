package io.jcalico.bgp.routers;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Plain polling with a deadline, for main code (tests may prefer awaitility). */
public final class Poll {
  private static final Duration INTERVAL = Duration.ofMillis(100);

  private Poll() {}

  /**
   * Waits until {@code condition} holds. A condition that throws counts as not yet true (a
   * daemon's control socket may not be up yet); the last such error is attached on timeout.
   *
   * @throws IllegalStateException naming {@code what} when the deadline passes
   */
  public static void until(Duration timeout, String what, BooleanSupplier condition) {
    value(timeout, what, condition::getAsBoolean, Boolean::booleanValue);
  }

  /** Polls {@code supplier} until its value satisfies {@code accept}, and returns that value. */
  public static <T> T value(Duration timeout, String what, Supplier<T> supplier, Predicate<? super T> accept) {
    long deadline = System.nanoTime() + timeout.toNanos();
    RuntimeException lastError = null;
    Optional<T> last = Optional.empty();
    while (true) {
      try {
        T value = supplier.get();
        if (accept.test(value)) {
          return value;
        }
        last = Optional.ofNullable(value);
        lastError = null;
      } catch (RuntimeException e) {
        lastError = e;
      }
      if (System.nanoTime() - deadline > 0) {
        IllegalStateException timeoutError = new IllegalStateException(
            "timed out after " + timeout + " waiting for " + what
                + last.map(v -> "; last value: " + v).orElse(""));
        if (lastError != null) {
          timeoutError.addSuppressed(lastError);
        }
        throw timeoutError;
      }
      try {
        Thread.sleep(INTERVAL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted waiting for " + what, e);
      }
    }
  }
}
