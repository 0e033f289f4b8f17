package io.jcalico.lab.labs;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.lab.LabMain;
import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.runner.LabRunner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A topology written for real containerlab (two {@code linux} nodes, addresses set by {@code exec},
 * one link, a Docker-only {@code ports} key) deploys unchanged through the {@code lab} command
 * line, the nodes reach each other over the link, {@code inspect} lists them, and {@code destroy}
 * run as a separate command (nothing shared but the state on disk) removes everything.
 */
class ContainerlabLinuxLabTest {
  private static final String FILE = "labs/linux-pair/linux-pair.clab.yml";

  private static Result lab(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = LabMain.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private record Result(int code, String out, String err) {}

  @Test
  void aContainerlabLinuxLabDeploysPingsAndIsDestroyedByAnotherCommand() {
    new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, System.out).destroy(DeployedLab.topology("linux-pair"));
    try {
      Result deploy = lab("deploy", FILE);
      assertThat(deploy.code()).as(deploy.err()).isZero();
      assertThat(deploy.out())
          .contains("WARN node a: ports needs Docker; ignored on a network namespace")
          .contains("a: exec \"ip addr add 198.18.100.1/24 dev eth1\"")
          .containsPattern("\\| 1 \\| clab-linux-pair-a \\| linux \\| alpine:3.19 \\| running \\| 198.18.0.2/24 ");

      assertThat(Namespaces.exec("clab-linux-pair-a", java.util.List.of("ping", "-c", "2", "-W", "2", "198.18.100.2")).ok()).isTrue();
      assertThat(Namespaces.exec("clab-linux-pair-b", java.util.List.of("ping", "-c", "2", "-W", "2", "198.18.100.1")).ok()).isTrue();

      Result inspect = lab("inspect", FILE);
      assertThat(inspect.out()).contains("clab-linux-pair-a").contains("clab-linux-pair-b").doesNotContain("absent");
      Result exec = lab("exec", FILE, "--", "ip", "-br", "addr", "show", "eth1");
      assertThat(exec.out()).contains("--- a (exit 0)").contains("198.18.100.1/24").contains("198.18.100.2/24");
      Result again = lab("deploy", FILE);
      assertThat(again.code()).isEqualTo(1);
      assertThat(again.err()).contains("lab linux-pair is already deployed");
    } finally {
      Result destroy = lab("destroy", FILE);
      assertThat(destroy.out()).contains("lab linux-pair destroyed: 3 namespaces");
    }
    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith("clab-linux-pair"));
    assertThat(lab("inspect", FILE).out()).contains("absent");
  }

  @Test
  void aBrokenTopologyIsOneClearMessageAndExitCode2() {
    Result r = lab("deploy", "labs/no-such/lab.clab.yml");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).isEqualTo("lab: labs/no-such/lab.clab.yml: no such file\n");
  }
}
