package io.jcalico.calicoctl.cmd;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.jcalico.ipam.Leak;
import io.jcalico.ipam.check.Finding;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@code ipam check -o} writes and {@code ipam release --from-report} reads: the problems
 * found and the leaked addresses, each with the handle and sequence number it had when checked so
 * that a release never frees an address handed out again since.
 */
record IpamReport(long revision, List<Problem> problems, List<LeakedIp> leakedIps) {
  record Problem(String kind, String subject, String message) {
    static Problem of(Finding f) {
      return new Problem(f.kind().name(), f.subject(), f.message());
    }
  }

  record LeakedIp(String ip, String handle, long sequenceNumber, String block, String node, String namespace, String pod) {
    static LeakedIp of(Leak l) {
      var attrs = l.allocation().attributes();
      return new LeakedIp(l.address().toCanonicalString(), l.handleId(), l.allocation().sequenceNumber(),
          l.block().toCanonicalString(), l.node().orElse(null), attrs.get("namespace"), attrs.get("pod"));
    }
  }

  IpamReport {
    problems = List.copyOf(problems);
    leakedIps = List.copyOf(leakedIps);
  }

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  void write(Path file) throws IOException {
    JSON.writeValue(file.toFile(), this);
  }

  static IpamReport read(Path file) throws IOException {
    return JSON.readValue(file.toFile(), IpamReport.class);
  }
}
