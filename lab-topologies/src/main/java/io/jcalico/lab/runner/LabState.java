package io.jcalico.lab.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a deployed lab is made of, written to {@code <runtime dir>/<lab>/state.json} while it is
 * being built, so that {@code destroy} from any later process removes every namespace and
 * process, and {@code inspect} can tell a process that died from one that runs. Links are listed
 * as made ({@code a:eth1 <-> b:eth1}); each veth lives in the namespaces of its two ends, so
 * deleting the namespaces deletes them.
 */
public record LabState(
    String lab,
    String topologyFile,
    String mgmtNamespace,
    String etcdEndpoint,
    ProcessRecord etcdProcess,
    List<String> namespaces,
    List<String> links,
    Map<String, NodeRecord> nodes,
    Map<String, PodRecord> pods) {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** One node: what {@code inspect} prints, and the processes it started. */
  public record NodeRecord(String name, String kind, String image, String netns, String mgmtIpv4, String mgmtIpv6,
      String dir, List<ProcessRecord> processes) {}

  /**
   * A process by pid and start time: a pid alone could be another process's by now.
   *
   * @param startMillis the start time the kernel reports, in epoch milliseconds
   */
  public record ProcessRecord(String name, long pid, long startMillis) {
    static ProcessRecord of(String name, long pid) {
      long start = ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(Instant::toEpochMilli).orElse(0L);
      return new ProcessRecord(name, pid, start);
    }

    /** Whether this very process still runs. */
    public boolean alive() {
      return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
          .map(h -> h.info().startInstant().map(Instant::toEpochMilli).orElse(0L) == startMillis).orElse(false);
    }
  }

  /** A pod attached through the CNI plugin: what DEL needs. */
  public record PodRecord(String node, String name, String k8sNamespace, String containerId, String netns,
      List<String> addresses, String addResult) {}

  static LabState empty(String lab, Path topology, String mgmtNamespace) {
    return new LabState(lab, topology.toString(), mgmtNamespace, null, null, new ArrayList<>(), new ArrayList<>(),
        new LinkedHashMap<>(), new LinkedHashMap<>());
  }

  LabState withEtcd(String endpoint, ProcessRecord process) {
    return new LabState(lab, topologyFile, mgmtNamespace, endpoint, process, namespaces, links, nodes, pods);
  }

  public Optional<String> etcd() {
    return Optional.ofNullable(etcdEndpoint);
  }

  static Optional<LabState> load(Path file) {
    try {
      return Optional.of(JSON.readValue(Files.readAllBytes(file), LabState.class));
    } catch (NoSuchFileException e) {
      return Optional.empty(); // never deployed, or destroyed (maybe this very moment: readers take no lock)
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the lab state " + file + ": " + e.getMessage(), e);
    }
  }

  /** Written to a temporary file and renamed, so a reader never sees half a state. */
  void save(Path file) {
    try {
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      JSON.writeValue(tmp.toFile(), this);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the lab state " + file, e);
    }
  }
}
