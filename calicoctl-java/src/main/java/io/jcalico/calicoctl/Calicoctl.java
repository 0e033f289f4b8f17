package io.jcalico.calicoctl;

import io.jcalico.calicoctl.cmd.ApplyCommand;
import io.jcalico.calicoctl.cmd.CompletionCommand;
import io.jcalico.calicoctl.cmd.CreateCommand;
import io.jcalico.calicoctl.cmd.DatastoreOptions;
import io.jcalico.calicoctl.cmd.DeleteCommand;
import io.jcalico.calicoctl.cmd.GetCommand;
import io.jcalico.calicoctl.cmd.Invalid;
import io.jcalico.calicoctl.cmd.IpamCommand;
import io.jcalico.calicoctl.cmd.LabelCommand;
import io.jcalico.calicoctl.cmd.NodeCommand;
import io.jcalico.calicoctl.cmd.PatchCommand;
import io.jcalico.calicoctl.cmd.ReplaceCommand;
import io.jcalico.calicoctl.cmd.VersionCommand;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** calicoctl: the operator's command line for projectcalico.org/v3 resources in etcd. */
@Command(name = "calicoctl", mixinStandardHelpOptions = true, versionProvider = Calicoctl.Version.class,
    description = {"The calicoctl command line tool is used to manage Calico network and security policy, to view and "
        + "manage endpoint configuration, and to manage a Calico node instance.",
        "", "See 'calicoctl <command> --help' to read about a specific subcommand."})
public final class Calicoctl implements Runnable, DatastoreOptions.Environment {
  /** The subcommands in the order help lists them; built on demand (picocli's model costs reflection). */
  private static final Map<String, Supplier<Object>> COMMANDS = commands();

  private static Map<String, Supplier<Object>> commands() {
    Map<String, Supplier<Object>> m = new LinkedHashMap<>();
    m.put("create", CreateCommand::new);
    m.put("replace", ReplaceCommand::new);
    m.put("apply", ApplyCommand::new);
    m.put("patch", PatchCommand::new);
    m.put("delete", DeleteCommand::new);
    m.put("get", GetCommand::new);
    m.put("label", LabelCommand::new);
    m.put("ipam", IpamCommand::new);
    m.put("node", NodeCommand::new);
    m.put("version", VersionCommand::new);
    m.put("completion", CompletionCommand::new);
    return m;
  }

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = {"-l", "--log-level"}, paramLabel = "<level>", defaultValue = "panic",
      description = "Set the log level (one of panic, fatal, error, warn, info, debug) [default: panic]")
  String logLevel;

  @Option(names = "--context", paramLabel = "<context>", description = "The name of the kubeconfig context to use (accepted; unused with etcdv3).")
  String context;

  @Option(names = "--allow-version-mismatch", description = "Allow client and cluster versions mismatch.")
  boolean allowVersionMismatch;

  private final Map<String, String> environment;

  private Calicoctl(Map<String, String> environment) {
    this.environment = environment;
  }

  @Override
  public Map<String, String> environment() {
    return environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return commandLine(System.getenv());
  }

  /** calicoctl reading DATASTORE_TYPE and ETCD_ENDPOINTS from the given environment. */
  public static CommandLine commandLine(Map<String, String> environment) {
    return commandLine(environment, null);
  }

  /**
   * calicoctl for these arguments: when they name a subcommand (other than completion, which
   * describes them all) only that one is built, which saves a cold start most of picocli's work.
   */
  public static CommandLine commandLine(Map<String, String> environment, String[] args) {
    CommandLine cl = new CommandLine(new Calicoctl(environment));
    String only = args == null ? null : subcommandOf(args);
    COMMANDS.forEach((name, command) -> {
      if (only == null || only.equals(name)) cl.addSubcommand(name, command.get());
    });
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

  /** The subcommand the arguments name after the root options, if it is one calicoctl has. */
  static String subcommandOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-l") || a.equals("--log-level") || a.equals("--context")) {
        i++; // the option's value
      } else if (!a.startsWith("-")) {
        return COMMANDS.containsKey(a) && !a.equals("completion") ? a : null;
      }
    }
    return null;
  }

  public static void main(String[] args) {
    CommandLine cl = commandLine(System.getenv(), args);
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
