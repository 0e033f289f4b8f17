package io.jcalico.calicoctl;

import io.jcalico.calicoctl.cmd.ApplyCommand;
import io.jcalico.calicoctl.cmd.CreateCommand;
import io.jcalico.calicoctl.cmd.DeleteCommand;
import io.jcalico.calicoctl.cmd.GetCommand;
import io.jcalico.calicoctl.cmd.LabelCommand;
import io.jcalico.calicoctl.cmd.PatchCommand;
import io.jcalico.calicoctl.cmd.ReplaceCommand;
import io.jcalico.calicoctl.cmd.VersionCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** calicoctl: the operator's command line for projectcalico.org/v3 resources in etcd. */
@Command(name = "calicoctl", mixinStandardHelpOptions = true, versionProvider = Calicoctl.Version.class,
    description = "The command line tool for managing Calico-style network and security policy.",
    subcommands = {CreateCommand.class, ReplaceCommand.class, ApplyCommand.class, DeleteCommand.class,
        GetCommand.class, PatchCommand.class, LabelCommand.class, VersionCommand.class,
        picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Calicoctl implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static CommandLine commandLine() {
    return new CommandLine(new Calicoctl()).setCaseInsensitiveEnumValuesAllowed(true);
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
