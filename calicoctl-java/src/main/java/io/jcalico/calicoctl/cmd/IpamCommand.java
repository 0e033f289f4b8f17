package io.jcalico.calicoctl.cmd;

import picocli.CommandLine.Command;

/** {@code calicoctl ipam}: IP address management. */
@Command(name = "ipam", mixinStandardHelpOptions = true,
    subcommands = {IpamShowCommand.class, IpamCheckCommand.class, IpamReleaseCommand.class, IpamConfigureCommand.class},
    description = "IP address management.")
public final class IpamCommand extends CalicoctlCommand implements Runnable {
  @Override
  public void run() {
    spec.commandLine().usage(out());
  }
}
