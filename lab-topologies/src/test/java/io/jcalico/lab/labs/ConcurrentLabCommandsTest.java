package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.runner.LabLock;
import io.jcalico.lab.runner.LabRunner;
import io.jcalico.lab.runner.LabState;
import io.jcalico.lab.runner.LabState.PodRecord;
import io.jcalico.lab.topology.Topology;
import io.jcalico.lab.topology.TopologyReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code lab} commands that change the same lab, each in a JVM of its own as two operators'
 * shells would run them, take turns on the lab's lock: pod adds started together all end
 * recorded and wired; a destroy started during a deploy waits for it and then removes all of it;
 * a second deploy waits and then refuses the deployed lab ({@code --reconfigure} redeploys it); a
 * SIGKILLed holder leaves no lock behind; a command that cannot get the lock in time exits 3
 * saying who holds it and having changed nothing, while readers (inspect) never wait.
 *
 * <p>The pair lab's node {@code b} runs an {@code exec} that waits for a gate file, so a deploy
 * holds the lock for as long as a test needs it to.
 */
class ConcurrentLabCommandsTest {
  private static final Duration COMMAND = Duration.ofSeconds(90);
  private static final String PAIR = "lock-pair";
  private static final long ME = ProcessHandle.current().pid();

  @TempDir
  Path dir;
  private final LabRunner runner = new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, System.out);
  private final List<LabProcess> processes = new ArrayList<>();
  private Topology topology;
  private DeployedLab lab;

  @AfterEach
  void cleanUp() throws InterruptedException {
    for (LabProcess p : processes) {
      p.close();
    }
    if (lab != null) {
      lab.close();
    } else if (topology != null) {
      runner.destroy(topology);
      assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith(topology.mgmtNamespace()));
    }
  }

  @Test
  void podAddsStartedTogetherTakeTurnsAndEveryPodIsRecordedAndWired() throws IOException, InterruptedException {
    Files.writeString(dir.resolve("pool.yaml"), """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: lock-pods}
        spec: {cidr: 198.19.64.0/20, blockSize: 26, ipipMode: Never, vxlanMode: Never, natOutgoing: false}
        """);
    Path file = write("lock-pods.clab.yml", """
        name: lock-pods
        calico: {resources: [pool.yaml]}
        topology:
          nodes:
            n1: {kind: calico-node}
        """);
    lab = DeployedLab.deploy(TopologyReader.read(file));
    List<String> names = List.of("p1", "p2", "p3");
    // while the test holds the lock every add starts and queues: on release they all compete at once
    try (LabLock held = lab.runner.lock(lab.topology, "test-hold")) {
      for (String pod : names) {
        start("add-" + pod, "pod", "add", file.toString(), "n1", pod);
      }
      for (LabProcess p : processes) {
        p.awaitErr("lab lock-pods is locked by pid " + ME + " (lab test-hold " + file, COMMAND);
      }
    }
    for (LabProcess p : processes) {
      assertThat(p.awaitExit(COMMAND)).as(p.err()).isZero();
      assertThat(p.err()).containsOnlyOnce("waiting up to");
    }
    LabState state = lab.runner.state("lock-pods").orElseThrow();
    assertThat(state.pods().keySet()).containsExactlyInAnyOrder("n1/p1", "n1/p2", "n1/p3");
    for (PodRecord pod : state.pods().values()) {
      assertThat(pod.addresses()).as(pod.name()).isNotEmpty();
      assertThat(state.namespaces()).contains(pod.netns());
      assertThat(Namespaces.exec(pod.netns(), List.of("ip", "-4", "-br", "addr", "show", "eth0")).stdout())
          .contains(pod.addresses().get(0));
    }
    lab.awaitAllPodsReachEachOther(Duration.ofSeconds(30));
  }

  @Test
  void aDestroyStartedDuringADeployWaitsForItThenRemovesEverything() throws IOException, InterruptedException {
    Path file = pairLab();
    LabProcess deploy = start("deploy", "deploy", file.toString());
    awaitAtGate(deploy);
    LabProcess destroy = start("destroy", "destroy", file.toString());
    destroy.awaitErr("lab lock-pair is locked by pid " + deploy.pid() + " (lab deploy " + file, COMMAND);
    assertThat(deploy.alive()).as("the deploy, still at its gate").isTrue();
    assertThat(Namespaces.exists("clab-lock-pair-b")).as("the destroy has not started").isTrue();

    Files.createFile(gate());
    assertThat(deploy.awaitExit(COMMAND)).as(deploy.err()).isZero();
    assertThat(deploy.out()).contains("lab lock-pair deployed");
    assertThat(destroy.awaitExit(COMMAND)).as(destroy.err()).isZero();
    assertThat(destroy.out()).contains("lab lock-pair destroyed: 3 namespaces");
    assertThat(destroy.err()).containsOnlyOnce("waiting up to");

    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith("clab-lock-pair"));
    assertThat(runner.labDir(PAIR)).doesNotExist();
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("sleep 7777")))
        .as("node a's cmd").isEmpty();
    assertThat(runner.lockHolder(PAIR)).isEmpty();
  }

  @Test
  void aSecondDeployWaitsThenRefusesTheDeployedLabAndReconfigureRedeploysIt() throws IOException, InterruptedException {
    Path file = pairLab();
    LabProcess first = start("deploy1", "deploy", file.toString());
    awaitAtGate(first);
    LabProcess second = start("deploy2", "deploy", file.toString());
    second.awaitErr("lab lock-pair is locked by pid " + first.pid() + " (lab deploy " + file, COMMAND);
    Files.createFile(gate());
    assertThat(first.awaitExit(COMMAND)).as(first.err()).isZero();
    assertThat(second.awaitExit(COMMAND)).isEqualTo(1);
    assertThat(second.err()).contains("lab: lab lock-pair is already deployed").contains("lab deploy --reconfigure " + file);
    long sleeper = sleeperPid();
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive)).as("the first deploy's lab, untouched").contains(true);
    assertThat(LabCli.run("inspect", file.toString()).out()).doesNotContain("absent").doesNotContain("exited");

    LabCli again = LabCli.run("deploy", "--reconfigure", file.toString());
    assertThat(again.code()).as(again.err()).isZero();
    assertThat(again.out()).contains("lab lock-pair destroyed: 3 namespaces").contains("lab lock-pair deployed");
    assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(ProcessHandle.of(sleeperPid()).map(ProcessHandle::isAlive)).contains(true);
  }

  @Test
  void aSigkilledHolderLeavesNoStaleLock() throws IOException, InterruptedException {
    Path file = pairLab();
    LabProcess deploy = start("deploy", "deploy", file.toString());
    awaitAtGate(deploy);
    deploy.kill(); // half way: namespaces made, node b's exec running, state.json written
    assertThat(runner.lockHolder(PAIR)).as("the lock's holder").isEmpty();

    long start = System.nanoTime();
    LabCli destroy = LabCli.run("destroy", "--lock-timeout", "5", file.toString());
    assertThat(destroy.code()).as(destroy.err()).isZero();
    assertThat(destroy.err()).doesNotContain("locked");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(destroy.out()).contains("lab lock-pair destroyed: 3 namespaces");
    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith("clab-lock-pair"));
  }

  @Test
  void aCommandThatCannotGetTheLockInTimeExits3SayingWhoHoldsItAndChangesNothing() throws IOException, InterruptedException {
    Path file = pairLab();
    Files.createFile(gate());
    runner.deploy(topology);
    long sleeper = sleeperPid();
    try (LabLock held = runner.lock(topology, "test-hold")) {
      long start = System.nanoTime();
      LabProcess destroy = start("destroy", "destroy", "--lock-timeout", "2", file.toString());
      // readers take no lock: inspect answers at once, and says the lab is being changed
      LabCli inspect = LabCli.run("inspect", file.toString());
      assertThat(inspect.out()).contains("being changed by pid " + ME + " (lab test-hold " + file).doesNotContain("absent");
      assertThat(inspect.err()).isEmpty();

      assertThat(destroy.awaitExit(COMMAND)).as(destroy.err()).isEqualTo(3);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
      assertThat(destroy.err())
          .containsOnlyOnce("lab lock-pair is locked by pid " + ME + " (lab test-hold " + file)
          .contains("waiting up to 2 s (--lock-timeout)")
          .contains("lab: lab lock-pair is still locked by pid " + ME + " (lab test-hold " + file)
          .contains("after 2 s; nothing was changed")
          .contains("(kill " + ME + ")");
      assertThat(destroy.out()).isEmpty();
      assertThat(Namespaces.list()).contains("clab-lock-pair", "clab-lock-pair-a", "clab-lock-pair-b");
      assertThat(runner.state(PAIR)).isPresent();
      assertThat(ProcessHandle.of(sleeper).map(ProcessHandle::isAlive)).contains(true);
    }
    assertThat(LabCli.run("destroy", "--lock-timeout", "0", file.toString()).code()).isZero();
  }

  // ------------------------------------------------------------------ helpers

  /** Two linux nodes and a link; node a's cmd is a marked sleep, node b's exec waits for {@link #gate()}. */
  private Path pairLab() throws IOException {
    Path file = write("lock-pair.clab.yml", """
        name: lock-pair
        topology:
          nodes:
            a: {kind: linux, cmd: "sleep 7777"}
            b:
              kind: linux
              exec: ["while [ ! -e %s ]; do sleep 0.1; done"]
          links:
            - endpoints: ["a:eth1", "b:eth1"]
        """.formatted(gate()));
    topology = TopologyReader.read(file);
    runner.destroy(topology); // what a run that was killed left
    return file;
  }

  private Path gate() {
    return dir.resolve("gate");
  }

  private Path write(String name, String text) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text);
    return file;
  }

  private long sleeperPid() {
    return runner.state(PAIR).orElseThrow().nodes().get("a").processes().get(0).pid();
  }

  private LabProcess start(String name, String... args) {
    LabProcess p = LabProcess.start(dir, name, args);
    processes.add(p);
    return p;
  }

  /** Until the deploy {@code p} holds the lock and is half way: namespaces and link made, node b's exec waiting at the gate. */
  private void awaitAtGate(LabProcess p) {
    Awaitility.await("lab deploy " + p.pid() + " at the gate").atMost(COMMAND).pollInterval(Duration.ofMillis(50))
        .until(() -> {
          if (!p.alive()) {
            throw new AssertionError("lab command ended: " + p.err());
          }
          return runner.lockHolder(PAIR).map(h -> h.pid() == p.pid()).orElse(false)
              && Namespaces.exists("clab-lock-pair-b") && !Namespaces.pids("clab-lock-pair-b").isEmpty();
        });
  }
}
