package io.jcalico.lab;

import io.jcalico.felix.shim.CommandRunner.Output;
import io.jcalico.lab.runner.LabException;
import io.jcalico.lab.runner.LabLockTimeoutException;
import io.jcalico.lab.runner.LabRunner;
import io.jcalico.lab.runner.LabState.PodRecord;
import io.jcalico.lab.runner.Pods;
import io.jcalico.lab.topology.Node;
import io.jcalico.lab.topology.Topology;
import io.jcalico.lab.topology.TopologyException;
import io.jcalico.lab.topology.TopologyReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lab}: containerlab's verbs on network namespaces. {@code lab deploy t.clab.yml} builds the
 * lab and returns (its daemons keep running), {@code lab inspect} shows it, {@code lab exec} runs a
 * command in a node, {@code lab pod add|del} attaches pods through the CNI plugin, {@code lab
 * destroy} removes everything. Exit codes: 0 done, 1 the lab failed, 2 a bad topology or usage,
 * 3 another command held the lab's lock past {@code --lock-timeout} (nothing was changed).
 */
@Command(name = "lab", mixinStandardHelpOptions = true, version = "lab 0.1.0",
    description = "Deploy containerlab topologies (*.clab.yml) on network namespaces: linux, bridge, bird, frr, gobgp"
        + " and calico-node nodes.",
    subcommands = {LabMain.Deploy.class, LabMain.Destroy.class, LabMain.Inspect.class, LabMain.Exec.class, LabMain.Pod.class})
public final class LabMain {
  @Option(names = "--runtime-dir", defaultValue = "${env:JCALICO_LAB_DIR:-/var/run/jcalico-lab}",
      description = "Where labs keep state, logs and sockets. [default: ${DEFAULT-VALUE}]")
  Path runtimeDir;

  final PrintStream out;
  final PrintStream err;

  LabMain(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  LabRunner runner() {
    return runner(LabRunner.DEFAULT_LOCK_TIMEOUT);
  }

  LabRunner runner(Duration lockTimeout) {
    return new LabRunner(runtimeDir, out, err, lockTimeout);
  }

  /** The option of the verbs that change a lab, and so take its lock. */
  static final class LockTimeout {
    @Option(names = "--lock-timeout", paramLabel = "SECONDS", defaultValue = "" + LabRunner.DEFAULT_LOCK_TIMEOUT_SECONDS,
        description = "How long to wait while another deploy, destroy or pod add/del holds this lab's lock;"
            + " then fail with exit code 3, having changed nothing. 0: do not wait. [default: ${DEFAULT-VALUE}]")
    long seconds;

    Duration duration() {
      return Duration.ofSeconds(Math.max(0, seconds));
    }
  }

  /** Shared by the verbs: the topology file argument. */
  abstract static class Verb implements Callable<Integer> {
    @ParentCommand
    LabMain lab;

    @Parameters(index = "0", paramLabel = "TOPOLOGY", description = "The lab's .clab.yml file.")
    Path file;

    Topology topology() {
      return TopologyReader.read(file);
    }
  }

  @Command(name = "deploy", description = "Build the lab: namespaces, links, etcd, daemons; returns when all are up.")
  static final class Deploy extends Verb {
    @Mixin
    LockTimeout lock;

    @Option(names = {"-c", "--reconfigure"}, description = "Destroy the lab first if it is deployed (as containerlab's"
        + " deploy --reconfigure); without it, deploying a deployed lab fails.")
    boolean reconfigure;

    @Override
    public Integer call() {
      LabRunner r = lab.runner(lock.duration());
      Topology t = topology();
      r.deploy(t, reconfigure);
      lab.out.print(LabRunner.table(r.inspect(t)));
      return 0;
    }
  }

  @Command(name = "destroy", description = "End every process of the lab and delete its namespaces, links and files.")
  static final class Destroy extends Verb {
    @Mixin
    LockTimeout lock;

    @Override
    public Integer call() {
      lab.runner(lock.duration()).destroy(topology());
      return 0;
    }
  }

  @Command(name = "inspect", description = "The lab's nodes: kind, image, state, management addresses, pids.")
  static final class Inspect extends Verb {
    @Override
    public Integer call() {
      LabRunner r = lab.runner();
      Topology t = topology();
      lab.out.print(LabRunner.table(r.inspect(t)));
      r.lockHolder(t.name()).ifPresent(h -> lab.out.println("being changed by " + h.describe()));
      return 0;
    }
  }

  @Command(name = "exec", description = "Run a command inside one node (--node) or each node in turn, e.g."
      + " lab exec t.clab.yml --node tor1 -- birdc show route")
  static final class Exec extends Verb {
    @Option(names = "--node", description = "The node; default: every node but bridges.")
    String node;

    @Parameters(index = "1..*", arity = "1..*", paramLabel = "CMD", description = "The command and its arguments (after --).")
    List<String> command;

    @Override
    public Integer call() throws IOException, InterruptedException {
      LabRunner r = lab.runner();
      Topology t = topology();
      if (node != null) {
        // the terminal is the command's: interactive tools (vtysh, birdc) work
        return new ProcessBuilder(r.execCommand(t, node, command)).inheritIO().start().waitFor();
      }
      int worst = 0;
      for (Node n : t.nodes().values()) {
        if (!n.hasMgmt()) {
          continue;
        }
        Output o = r.exec(t, n.name(), command);
        lab.out.println("--- " + n.name() + " (exit " + o.exitCode() + ")");
        lab.out.print(o.stdout());
        lab.out.print(o.stderr());
        worst = Math.max(worst, o.exitCode());
      }
      return worst;
    }
  }

  @Command(name = "pod", description = "Pods on calico-node nodes, attached by the CNI plugin.",
      subcommands = {PodAdd.class, PodDel.class, PodList.class})
  static final class Pod {
    @ParentCommand
    LabMain lab;
  }

  abstract static class PodVerb implements Callable<Integer> {
    @ParentCommand
    Pod pod;

    @Parameters(index = "0", paramLabel = "TOPOLOGY")
    Path file;

    Pods pods() {
      return pods(LabRunner.DEFAULT_LOCK_TIMEOUT);
    }

    Pods pods(Duration lockTimeout) {
      return pod.lab.runner(lockTimeout).pods(TopologyReader.read(file));
    }
  }

  @Command(name = "add", description = "Create a pod on NODE and print its addresses.")
  static final class PodAdd extends PodVerb {
    @Parameters(index = "1", paramLabel = "NODE")
    String node;

    @Parameters(index = "2", paramLabel = "POD")
    String name;

    @Mixin
    LockTimeout lock;

    @Override
    public Integer call() {
      PodRecord p = pods(lock.duration()).add(node, name);
      pod.lab.out.println(p.name() + " on " + p.node() + ": " + String.join(" ", p.addresses()) + " (netns " + p.netns() + ")");
      return 0;
    }
  }

  @Command(name = "del", description = "Delete a pod (CNI DEL) and its namespace.")
  static final class PodDel extends PodVerb {
    @Parameters(index = "1", paramLabel = "NODE")
    String node;

    @Parameters(index = "2", paramLabel = "POD")
    String name;

    @Mixin
    LockTimeout lock;

    @Override
    public Integer call() {
      pods(lock.duration()).delete(node, name);
      pod.lab.out.println(name + " on " + node + " deleted");
      return 0;
    }
  }

  @Command(name = "list", description = "The lab's pods.")
  static final class PodList extends PodVerb {
    @Override
    public Integer call() {
      List<List<String>> rows = new ArrayList<>();
      for (PodRecord p : pods().list()) {
        rows.add(List.of(p.name(), p.node(), String.join(" ", p.addresses()), p.netns()));
      }
      pod.lab.out.print(io.jcalico.calicoctl.output.BoxTable.render(List.of("Pod", "Node", "Addresses", "Namespace"), rows));
      return 0;
    }
  }

  /** Runs the command line; bad topologies and lab failures print one message, not a stack trace. */
  public static int run(PrintStream out, PrintStream err, String... args) {
    CommandLine cl = new CommandLine(new LabMain(out, err));
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof LabLockTimeoutException) {
        err.println("lab: " + e.getMessage());
        return 3;
      }
      if (e instanceof TopologyException) {
        err.println("lab: " + e.getMessage());
        return 2;
      }
      if (e instanceof LabException) {
        err.println("lab: " + e.getMessage());
        return 1;
      }
      throw e;
    });
    return cl.execute(args);
  }

  public static void main(String[] args) {
    System.exit(run(System.out, System.err, args));
  }
}
