package io.jcalico.calicoctl;

import io.jcalico.calicoctl.cmd.ApplyCommand;
import io.jcalico.calicoctl.cmd.CompletionCommand;
import io.jcalico.calicoctl.cmd.CreateCommand;
import io.jcalico.calicoctl.cmd.DeleteCommand;
import io.jcalico.calicoctl.cmd.GetCommand;
import io.jcalico.calicoctl.cmd.Invalid;
import io.jcalico.calicoctl.cmd.LabelCommand;
import io.jcalico.calicoctl.cmd.PatchCommand;
import io.jcalico.calicoctl.cmd.ReplaceCommand;
import io.jcalico.calicoctl.cmd.VersionCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** calicoctl: the operator's command line for projectcalico.org/v3 resources in etcd. */
@Command(name = "calicoctl", mixinStandardHelpOptions = true, versionProvider = Calicoctl.Version.class,
    description = {"The calicoctl command line tool is used to manage Calico network and security policy, to view and "
        + "manage endpoint configuration, and to manage a Calico node instance.",
        "", "See 'calicoctl <command> --help' to read about a specific subcommand."},
    subcommands = {CreateCommand.class, ReplaceCommand.class, ApplyCommand.class, PatchCommand.class, DeleteCommand.class,
        GetCommand.class, LabelCommand.class, VersionCommand.class, CompletionCommand.class})
public final class Calicoctl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-l", "--log-level"}, paramLabel = "<level>", defaultValue = "panic",
      description = "Set the log level (one of panic, fatal, error, warn, info, debug) [default: panic]")
  String logLevel;

  @Option(names = "--context", paramLabel = "<context>", description = "The name of the kubeconfig context to use (accepted; unused with etcdv3).")
  String context;

  @Option(names = "--allow-version-mismatch", description = "Allow client and cluster versions mismatch.")
  boolean allowVersionMismatch;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Calicoctl());
    cl.setParameterExceptionHandler(Calicoctl::invalid);
    cl.setExecutionStrategy(new CommandLine.RunLast() {
      @Override
      public int execute(CommandLine.ParseResult parseResult) {
        String level = ((Calicoctl) parseResult.commandSpec().userObject()).logLevel;
        if (!java.util.List.of("panic", "fatal", "error", "warn", "info", "debug").contains(level)) {
          parseResult.commandSpec().commandLine().getOut().printf(
              "Unknown log level: %s, expected one of: %npanic, fatal, error, warn, info, debug.%n", level);
          return 1;
        }
        return super.execute(parseResult);
      }
    });
    return cl;
  }

  /** calicoctl's replies to arguments that do not parse: unknown command, or "Invalid option". */
  private static int invalid(CommandLine.ParameterException ex, String[] args) {
    CommandLine cl = ex.getCommandLine();
    PrintWriter err = cl.getErr();
    if (cl.getCommandSpec().parent() == null && ex instanceof CommandLine.UnmatchedArgumentException u
        && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
      err.println("unknown command: \"" + u.getUnmatched().get(0) + "\"");
      cl.usage(err);
    } else {
      err.println(Invalid.message(java.util.List.of(args), cl.getCommandSpec()));
    }
    return 1;
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine();
    int rc = cl.execute(args);
    cl.getOut().flush(); // print() on picocli's writers does not flush by itself
    cl.getErr().flush();
    System.exit(rc);
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"calicoctl " + VersionCommand.VERSION};
    }
  }
}
