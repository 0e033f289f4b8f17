package io.jcalico.bgp.bench;

import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.PolicyConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.routers.DaemonProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Our own speaker as the system under test, started as users start it: the {@code bin/bgp-speaker}
 * launcher (its JVM flags, the packaged jar), in a process of its own so /proc measures it like the
 * daemons, configured through its YAML file. {@code javaOptions}, when given, replace the
 * launcher's JVM flags (its {@code JCALICO_JAVA_OPTS}), to try others.
 */
final class SpeakerDut implements Dut {
  private static final String NONE = "none";

  private final Path launcher;
  private final Optional<String> javaOptions;
  private DaemonProcess process;

  SpeakerDut(Path launcher, Optional<String> javaOptions) {
    this.launcher = launcher.toAbsolutePath();
    this.javaOptions = javaOptions;
  }

  @Override
  public String name() {
    return "speaker";
  }

  @Override
  public void start(BenchTopology t) {
    SpeakerConfig config = SpeakerConfig.of(t.dut().routerId().toString(), t.dut().as(),
            t.dut().address().toString(), t.dut().port())
        .withNeighbor(neighbor(t.feeder()).withPolicies(null, NONE))
        .withNeighbor(neighbor(t.monitor()).withPolicies(NONE, null))
        .withPolicies(Map.of(NONE, new PolicyConfig(List.of(), "reject")))
        .withTimers(90, 1, 120);
    process = new DaemonProcess("bgp-speaker", Optional.empty());
    Path file = process.file("speaker.yaml");
    try {
      Files.writeString(file, config.toYaml());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    process.start(List.of(launcher.toString(), "--config", file.toString()),
        javaOptions.map(o -> Map.of("JCALICO_JAVA_OPTS", o)).orElse(Map.of()));
  }

  private static NeighborConfig neighbor(BenchTopology.Endpoint peer) {
    return new NeighborConfig(peer.address().toString(), peer.port(), peer.as(), null, null, null, null, null,
        null, null, List.of("ipv4-unicast"), null, null, null, null, null);
  }

  @Override
  public long pid() {
    return process.pid();
  }

  @Override
  public String log() {
    try {
      Path log = process.file("stdout.log");
      return Files.exists(log) ? Files.readString(log) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.close();
    }
  }
}
