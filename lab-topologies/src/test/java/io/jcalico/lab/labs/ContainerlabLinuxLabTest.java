package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.runner.LabRunner;
import org.junit.jupiter.api.Test;

/**
 * A topology written for real containerlab (two {@code linux} nodes, addresses set by {@code exec},
 * one link, a Docker-only {@code ports} key) deploys unchanged through the {@code lab} command
 * line, the nodes reach each other over the link, {@code inspect} lists them, and {@code destroy}
 * run as a separate command (nothing shared but the state on disk) removes everything.
 */
class ContainerlabLinuxLabTest {
  private static final String FILE = "labs/linux-pair/linux-pair.clab.yml";

  @Test
  void aContainerlabLinuxLabDeploysPingsAndIsDestroyedByAnotherCommand() {
    new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, System.out).destroy(DeployedLab.topology("linux-pair"));
    try {
      LabCli deploy = LabCli.run("deploy", FILE);
      assertThat(deploy.code()).as(deploy.err()).isZero();
      assertThat(deploy.out())
          .contains("WARN node a: ports needs Docker; ignored on a network namespace")
          .contains("a: exec \"ip addr add 198.18.100.1/24 dev eth1\"")
          .containsPattern("\\| 1 \\| clab-linux-pair-a \\| linux \\| alpine:3.19 \\| running \\| 198.18.0.2/24 ");

      assertThat(Namespaces.exec("clab-linux-pair-a", java.util.List.of("ping", "-c", "2", "-W", "2", "198.18.100.2")).ok()).isTrue();
      assertThat(Namespaces.exec("clab-linux-pair-b", java.util.List.of("ping", "-c", "2", "-W", "2", "198.18.100.1")).ok()).isTrue();

      LabCli inspect = LabCli.run("inspect", FILE);
      assertThat(inspect.out()).contains("clab-linux-pair-a").contains("clab-linux-pair-b").doesNotContain("absent");
      LabCli exec = LabCli.run("exec", FILE, "--", "ip", "-br", "addr", "show", "eth1");
      assertThat(exec.out()).contains("--- a (exit 0)").contains("198.18.100.1/24").contains("198.18.100.2/24");
      LabCli again = LabCli.run("deploy", FILE);
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("lab linux-pair is already deployed");
    } finally {
      LabCli destroy = LabCli.run("destroy", FILE);
      assertThat(destroy.out()).contains("lab linux-pair destroyed: 3 namespaces");
    }
    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith("clab-linux-pair"));
    assertThat(LabCli.run("inspect", FILE).out()).contains("absent");
  }

  @Test
  void aBrokenTopologyIsOneClearMessageAndExitCode2() {
    LabCli r = LabCli.run("deploy", "labs/no-such/lab.clab.yml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("lab: labs/no-such/lab.clab.yml: no such file\n");
  }
}
