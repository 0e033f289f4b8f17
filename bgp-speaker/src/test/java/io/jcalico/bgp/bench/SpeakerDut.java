package io.jcalico.bgp.bench;

import com.google.common.collect.ImmutableList;
import io.jcalico.bgp.BgpSpeakerMain;
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
 * Our own speaker as the system under test: {@link BgpSpeakerMain} in a JVM of its own (so /proc
 * measures it like the daemons), configured through its YAML file, on this JVM's class path.
 */
final class SpeakerDut implements Dut {
  private static final String NONE = "none";

  private final List<String> jvmOptions;
  private DaemonProcess process;

  SpeakerDut(List<String> jvmOptions) {
    this.jvmOptions = List.copyOf(jvmOptions);
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
    process.start(ImmutableList.<String>builder()
        .add(Path.of(System.getProperty("java.home"), "bin", "java").toString())
        .addAll(jvmOptions)
        .add("-cp", System.getProperty("java.class.path"), BgpSpeakerMain.class.getName(),
            "--config", file.toString())
        .build());
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
