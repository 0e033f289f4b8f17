package io.jcalico.calicoctl.cmd;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "configure", mixinStandardHelpOptions = true, description = "Configure IPAM.")
public final class IpamConfigureCommand extends IpamSubcommand implements Callable<Integer> {
  @Option(names = "--strictaffinity", paramLabel = "<true/false>", required = true,
      description = "Set StrictAffinity to true/false. When StrictAffinity is true, borrowing IP addresses is not allowed.")
  String strictAffinity;

  @Override
  public Integer call() {
    if (!strictAffinity.equals("true") && !strictAffinity.equals("false")) {
      return fail("Invalid value for --strictaffinity: " + strictAffinity + " (expected true or false)");
    }
    boolean value = Boolean.parseBoolean(strictAffinity);
    return withIpam((store, ipam) -> {
      ipam.setConfig(ipam.getConfig().withStrictAffinity(value));
      out().println("Successfully set StrictAffinity to: " + value);
      return 0;
    });
  }
}
