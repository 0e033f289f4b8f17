package io.jcalico.calicoctl.cmd;

import picocli.CommandLine.Command;

@Command(name = "node", mixinStandardHelpOptions = true, description = "Calico node management.",
    subcommands = NodeStatusCommand.class)
public final class NodeCommand extends CalicoctlCommand implements Runnable {
  @Override
  public void run() {
    spec.commandLine().usage(out());
  }
}
