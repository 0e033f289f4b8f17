package io.jcalico.felix.e2e;

import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Prints the tail of every daemon's log when a test fails (the full logs stay under target/e2e-logs). */
public final class PrintLogsOnFailure implements TestWatcher {
  private final Supplier<Testbed> bed;

  public PrintLogsOnFailure(Supplier<Testbed> bed) {
    this.bed = bed;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Testbed b = bed.get();
    if (b == null) return;
    System.err.println("===== " + context.getDisplayName() + " failed: daemon logs of test bed " + b.name() + " =====");
    b.printLogs(System.err, 60);
  }
}
