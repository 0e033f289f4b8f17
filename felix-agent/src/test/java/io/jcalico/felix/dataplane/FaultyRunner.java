package io.jcalico.felix.dataplane;

import io.jcalico.felix.shim.CommandRunner;
import java.util.List;

/**
 * A {@link CommandRunner} whose table writes ({@code *-restore}, {@code nft -f}) fail, as the
 * kernel tools fail on a rule they refuse, while their input contains a marker: nothing reaches
 * the kernel and the exit code is 1.
 */
final class FaultyRunner implements CommandRunner {
  private final CommandRunner delegate;
  private volatile String marker;

  FaultyRunner(CommandRunner delegate) {
    this.delegate = delegate;
  }

  /** Writes whose input contains {@code text} fail from now on; null: none do. */
  void failWritesContaining(String text) {
    this.marker = text;
  }

  @Override
  public Output run(List<String> argv, String stdin) {
    String m = marker;
    boolean write = argv.get(0).endsWith("-restore") || argv.equals(List.of("nft", "-f", "-"));
    if (m != null && write && stdin != null && stdin.contains(m)) {
      return new Output(argv, 1, "", "injected: the kernel refused a rule");
    }
    return delegate.run(argv, stdin);
  }
}
