package io.jcalico.felix.testing;

import io.jcalico.felix.shim.CommandRunner;
import java.util.ArrayList;
import java.util.List;

/** A {@link CommandRunner} that passes commands on and remembers each with its input. */
public final class RecordingRunner implements CommandRunner {
  /** One command run: its arguments and what it was fed. */
  public record Call(List<String> argv, String stdin) {}

  private final CommandRunner delegate;
  private final List<Call> calls = new ArrayList<>();

  public RecordingRunner(CommandRunner delegate) {
    this.delegate = delegate;
  }

  @Override
  public synchronized Output run(List<String> argv, String stdin) {
    calls.add(new Call(argv, stdin));
    return delegate.run(argv, stdin);
  }

  /** The calls whose program is {@code program} (argv[0]), since the last clear. */
  public synchronized List<Call> calls(String program) {
    return calls.stream().filter(c -> c.argv().get(0).equals(program)).toList();
  }

  /** Input of the calls of {@code program} that write (have input). */
  public synchronized List<String> writes(String program) {
    return calls(program).stream().map(Call::stdin).filter(s -> s != null).toList();
  }

  public synchronized void clear() {
    calls.clear();
  }
}
