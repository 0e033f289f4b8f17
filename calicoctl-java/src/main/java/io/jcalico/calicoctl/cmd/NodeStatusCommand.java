package io.jcalico.calicoctl.cmd;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.calicoctl.client.NodeClient;
import io.jcalico.calicoctl.output.BoxTable;
import io.jcalico.proto.bgp.PeerStatus;
import io.jcalico.proto.bgp.SessionState;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Check the status of the Calico node process: is it running, and how are its BGP sessions.")
public final class NodeStatusCommand extends CalicoctlCommand implements Callable<Integer> {
  private static final List<String> HEADERS = List.of("PEER ADDRESS", "PEER TYPE", "STATE", "SINCE", "INFO");

  @Option(names = "--socket", paramLabel = "<PATH>", defaultValue = "${env:CALICO_RUN_DIR:-/var/run/calico}/node.sock",
      description = "The node daemon's API socket. [default: ${DEFAULT-VALUE}]")
  Path socket;

  @Option(names = "--allow-version-mismatch", description = "Allow client and cluster versions mismatch.")
  boolean allowVersionMismatch;

  /** Whose "today" SINCE is relative to; tests pin it. */
  static Clock clock = Clock.systemDefaultZone();

  @Override
  public Integer call() {
    NodeClient.Report report;
    try {
      report = NodeClient.fetch(socket, Duration.ofSeconds(5));
    } catch (NodeClient.NotRunning e) {
      return fail("Calico process is not running.");
    }
    StringBuilder sb = new StringBuilder("Calico process is running.\n");
    for (int family : new int[] {4, 6}) {
      sb.append("\nIPv").append(family).append(" BGP status\n");
      List<List<String>> rows = new ArrayList<>();
      for (PeerStatus p : report.peers()) {
        IPAddress a = new IPAddressString(p.getConfig().getAddress()).getAddress();
        if (a != null && (a.isIPv4() ? 4 : 6) == family) rows.add(row(p));
      }
      sb.append(rows.isEmpty() ? "No IPv" + family + " peers found.\n" : BoxTable.render(HEADERS, rows));
    }
    out().println(sb);
    return 0;
  }

  /** A peer as BIRD's "show protocols" would give it to calicoctl: state up/start, since, info. */
  private static List<String> row(PeerStatus p) {
    boolean up = p.getState() == SessionState.ESTABLISHED;
    String info = stateName(p.getState()) + (p.getLastError().isEmpty() ? "" : " " + p.getLastError());
    return List.of(p.getConfig().getAddress(), p.getConfig().getPeerType(), up ? "up" : "start", since(p.getStateSinceUnixMs()), info);
  }

  private static String stateName(SessionState s) {
    return switch (s) {
      case IDLE -> "Idle";
      case CONNECT -> "Connect";
      case ACTIVE -> "Active";
      case OPEN_SENT -> "OpenSent";
      case OPEN_CONFIRM -> "OpenConfirm";
      case ESTABLISHED -> "Established";
      default -> "Unknown";
    };
  }

  /** BIRD's short time: the time of day for today, else the date. */
  static String since(long unixMs) {
    if (unixMs <= 0) return "";
    ZoneId zone = clock.getZone();
    ZonedDateTime t = Instant.ofEpochMilli(unixMs).atZone(zone);
    return t.toLocalDate().equals(LocalDate.now(clock))
        ? t.format(DateTimeFormatter.ofPattern("HH:mm:ss")) : t.format(DateTimeFormatter.ISO_LOCAL_DATE);
  }
}
