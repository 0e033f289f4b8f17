package io.jcalico.lab.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.lab.netns.Namespaces;
import io.jcalico.lab.topology.Topology;
import io.jcalico.lab.topology.TopologyReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy that fails half way (a BIRD node whose configuration BIRD rejects, after the other
 * node, the links and the management network exist) says which node failed and why, and leaves
 * no namespace, process or state behind; the lab's state file, while it existed, listed the links.
 */
class FailedDeployCleanupTest {
  @TempDir
  Path dir;
  private Topology topology;
  private final LabRunner runner = new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, System.out);

  @AfterEach
  void sweep() {
    if (topology != null) {
      runner.destroy(topology);
    }
  }

  @Test
  void aRouterThatCannotStartFailsTheDeployFastAndEverythingIsRemoved() throws IOException {
    Files.writeString(dir.resolve("bird.conf"), "router id 198.18.200.1;\nprotocol bgp broken { this is no bird syntax }\n");
    Path file = dir.resolve("broken.clab.yml");
    Files.writeString(file, """
        name: lab-broken-bird
        topology:
          nodes:
            h1:
              kind: linux
              exec: ["ip addr add 198.18.200.2/24 dev eth1"]
            rtr:
              kind: bird
              binds: [bird.conf:/etc/bird/bird.conf]
          links:
            - endpoints: ["h1:eth1", "rtr:eth1"]
        """);
    topology = TopologyReader.read(file);
    runner.destroy(topology);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    LabRunner quiet = new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, new PrintStream(out, true, StandardCharsets.UTF_8));
    long start = System.nanoTime();
    assertThatThrownBy(() -> quiet.deploy(topology)).isInstanceOf(LabException.class)
        .hasMessageContaining("rtr: bird exited").hasMessageContaining("syntax error");
    assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds to fail").isLessThan(15);
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("deploy of lab-broken-bird failed")
        .contains("lab lab-broken-bird destroyed: 3 namespaces");
    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith("clab-lab-broken-bird"));
    assertThat(runner.labDir("lab-broken-bird")).doesNotExist();
  }

  @Test
  void theStateListsNamespacesLinksAndProcessesOfADeployedLab() throws IOException {
    Path file = dir.resolve("pair.clab.yml");
    Files.writeString(file, """
        name: lab-state-pair
        topology:
          nodes:
            a: {kind: linux, cmd: "sleep 300"}
            b: {kind: linux}
          links:
            - endpoints: ["a:eth1", "b:eth7"]
        """);
    topology = TopologyReader.read(file);
    runner.destroy(topology);
    LabState s = runner.deploy(topology);
    assertThat(s.namespaces()).containsExactly("clab-lab-state-pair", "clab-lab-state-pair-a", "clab-lab-state-pair-b");
    assertThat(s.links()).containsExactly("a:eth1 <-> b:eth7");
    assertThat(s.nodes().get("a").processes()).singleElement().satisfies(p -> {
      assertThat(p.name()).isEqualTo("cmd");
      assertThat(p.alive()).isTrue();
    });
    long pid = s.nodes().get("a").processes().get(0).pid();
    // another runner, as another process would be: only the state on disk is shared
    new LabRunner(LabRunner.DEFAULT_RUNTIME_DIR, System.out).destroy(topology);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(Namespaces.list()).noneMatch(ns -> ns.startsWith("clab-lab-state-pair"));
  }
}
