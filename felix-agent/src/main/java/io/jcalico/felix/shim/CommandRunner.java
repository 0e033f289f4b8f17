package io.jcalico.felix.shim;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs the kernel tools the dataplane drivers write through (iptables-restore, ipset, nft): the
 * exec shim, so driver tests can inject failures and a driver can be pointed at a network
 * namespace without knowing it. Implementations must be safe to call from any thread.
 */
public interface CommandRunner {

  /** Runs {@code argv} with {@code stdin} (null: none) and waits for it; never throws on a non-zero exit. */
  Output run(List<String> argv, String stdin);

  /** What a command printed and how it exited. */
  record Output(List<String> argv, int exitCode, String stdout, String stderr) {
    public boolean ok() {
      return exitCode == 0;
    }

    /** This output, or a {@link CommandException} if the command failed. */
    public Output orThrow() {
      if (exitCode != 0) {
        throw new CommandException(this);
      }
      return this;
    }
  }

  /** Processes of this JVM's own network namespace. */
  static CommandRunner local() {
    return ProcessCommandRunner.INSTANCE;
  }

  /**
   * Every command run inside the named namespace ({@code ip netns exec NS ...}), so a driver
   * given this runner touches that namespace's tables only.
   */
  static CommandRunner inNetns(String namespace) {
    CommandRunner local = local();
    return (argv, stdin) -> {
      List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
      full.addAll(argv);
      Output o = local.run(full, stdin);
      return new Output(argv, o.exitCode(), o.stdout(), o.stderr());
    };
  }
}
