package io.jcalico.felix;

import inet.ipaddr.IPAddress;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.AsNumber;
import io.jcalico.felix.dataplane.PolicyDataplaneConfig;
import io.jcalico.felix.netlink.IpFamily;
import io.jcalico.felix.netlink.Netlink;
import io.jcalico.felix.netlink.Rtnetlink;
import io.jcalico.felix.node.CalicoNode;
import io.jcalico.felix.node.IpAutodetection;
import io.jcalico.felix.node.NodeConfig;
import io.jcalico.felix.node.StartupTimeline;
import io.netty.channel.epoll.Epoll;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code calico-node}: the node daemon. Settings come from flags, or the environment variables
 * calico-node uses (NODENAME, IP, IP6, AS, ETCD_ENDPOINTS, ...), flags winning.
 */
@Command(name = "calico-node", mixinStandardHelpOptions = true, version = "calico-node " + CalicoNode.VERSION,
    description = "The node daemon: BGP, routes, CNI, policy, health.")
public final class CalicoNodeMain implements Callable<Integer> {
  private final StartupTimeline timeline;

  CalicoNodeMain(StartupTimeline timeline) {
    this.timeline = timeline;
  }

  @Option(names = "--node-name", defaultValue = "${env:NODENAME}", description = "This node's name (env NODENAME; default: HOSTNAME, else the host name).")
  String nodeName;

  @Option(names = "--ip", defaultValue = "${env:IP}", description = "IPv4 address/prefix of the node, e.g. 198.18.1.11/24, or autodetect (env IP).")
  String ip;

  @Option(names = "--ip6", defaultValue = "${env:IP6}", description = "IPv6 address/prefix of the node, or autodetect (env IP6).")
  String ip6;

  @Option(names = "--as", defaultValue = "${env:AS}", description = "This node's AS number; default: BGPConfiguration's (env AS).")
  String as;

  @Option(names = "--etcd-endpoints", defaultValue = "${env:ETCD_ENDPOINTS:-http://127.0.0.1:2379}",
      description = "Comma-separated etcd endpoints (env ETCD_ENDPOINTS). [default: ${DEFAULT-VALUE}]")
  String etcdEndpoints;

  @Option(names = "--bgp-port", defaultValue = "${env:BGP_PORT:-0}",
      description = "BGP listen port; 0: BGPConfiguration's listenPort (node.<name>, then default; Calico: 179). [default: ${DEFAULT-VALUE}]")
  int bgpPort;

  @Option(names = "--run-dir", defaultValue = "${env:CALICO_RUN_DIR:-/var/run/calico}",
      description = "Directory of the CNI and API unix sockets. [default: ${DEFAULT-VALUE}]")
  Path runDir;

  @Option(names = "--health-host", defaultValue = "${env:FELIX_HEALTHHOST:-127.0.0.1}", description = "[default: ${DEFAULT-VALUE}]")
  String healthHost;

  @Option(names = "--health-port", defaultValue = "${env:FELIX_HEALTHPORT:-9099}", description = "[default: ${DEFAULT-VALUE}]")
  int healthPort;

  @Option(names = "--default-ipv4-pool", defaultValue = "${env:CALICO_IPV4POOL_CIDR:-192.168.0.0/16}",
      description = "Pool created when the cluster has none; 'none' for no pool. [default: ${DEFAULT-VALUE}]")
  String defaultV4Pool;

  @Option(names = "--default-ipv6-pool", defaultValue = "${env:CALICO_IPV6POOL_CIDR:-none}",
      description = "IPv6 pool created when the cluster has none. [default: ${DEFAULT-VALUE}]")
  String defaultV6Pool;

  @Option(names = "--route-refresh", defaultValue = "${env:FELIX_ROUTEREFRESHINTERVAL:-90}",
      description = "Seconds between full route resyncs. [default: ${DEFAULT-VALUE}]")
  int routeRefreshSeconds;

  @Option(names = "--ip-autodetection-method", defaultValue = "${env:IP_AUTODETECTION_METHOD:-first-found}",
      description = "How --ip autodetect finds the address: first-found, interface=<regex>, skip-interface=<regex>,"
          + " cidr=<cidr>, can-reach=<ip> (env IP_AUTODETECTION_METHOD). [default: ${DEFAULT-VALUE}]")
  String ipMethod;

  @Option(names = "--ip6-autodetection-method", defaultValue = "${env:IP6_AUTODETECTION_METHOD:-first-found}",
      description = "Likewise for --ip6 autodetect (env IP6_AUTODETECTION_METHOD). [default: ${DEFAULT-VALUE}]")
  String ip6Method;

  @Option(names = "--policy-backend", defaultValue = "${env:FELIX_NFTABLESMODE:-Disabled}", converter = PolicyBackendConverter.class,
      description = "Where network policy is enforced: iptables (iptables-restore with ipsets) or nftables (nft -f). "
          + "Default from env FELIX_NFTABLESMODE as in Felix: Enabled means nftables, Disabled (or unset) iptables.")
  PolicyDataplaneConfig.Backend policyBackend;

  @Option(names = "--bgp-secrets-dir", defaultValue = "${env:CALICO_BGP_SECRETS_DIR:-/etc/calico/bgp-secrets}",
      description = "Where BGP passwords (BGPPeer password / nodeMeshPassword secretKeyRef) are read, as "
          + "<dir>/<secret name>/<key>, e.g. a mounted Secret volume (env CALICO_BGP_SECRETS_DIR). [default: ${DEFAULT-VALUE}]")
  Path bgpSecretsDir;

  @Option(names = "--log-level", defaultValue = "${env:FELIX_LOGSEVERITYSCREEN:-info}", description = "[default: ${DEFAULT-VALUE}]")
  String logLevel;

  @Override
  public Integer call() throws InterruptedException {
    NodeConfig cfg;
    try {
      cfg = new NodeConfig(nodeName(nodeName), address(ip, "--ip", IpFamily.V4, ipMethod), address(ip6, "--ip6", IpFamily.V6, ip6Method),
          as == null || as.isEmpty() ? null : AsNumber.parse(as).orElseThrow(() -> new IllegalArgumentException("--as " + as + " is not an AS number")),
          etcdEndpoints, bgpPort, runDir, healthHost, healthPort, pool(defaultV4Pool), pool(defaultV6Pool),
          Duration.ofSeconds(routeRefreshSeconds), logLevel, policyBackend, bgpSecretsDir);
    } catch (IllegalArgumentException e) {
      System.err.println("calico-node: " + e.getMessage());
      return 2;
    }
    timeline.mark(StartupTimeline.Phase.CONFIG);
    CalicoNode node = CalicoNode.start(cfg, timeline);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "calico-node-shutdown"));
    stopped.await();
    return 0;
  }

  /** As calico-node: NODENAME, else HOSTNAME, else the host's name, lower-cased (Kubernetes node names are). */
  private static String nodeName(String flag) {
    if (flag != null && !flag.isEmpty()) return flag;
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isEmpty()) {
      try {
        host = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      } catch (IOException e) {
        return null; // NodeConfig says a name is required
      }
    }
    return host.toLowerCase(Locale.ROOT);
  }

  /** Calico's {@code IP=autodetect}: found on this namespace's interfaces by the method. */
  private static IPAddress address(String text, String flag, IpFamily family, String method) {
    if (text == null || !text.equalsIgnoreCase("autodetect")) return NodeConfig.parseNodeAddress(text, flag);
    try (Netlink nl = Rtnetlink.open()) {
      IPAddress found = IpAutodetection.detect(nl, family, method);
      // not a static logger: main() configures slf4j-simple before the first logger exists
      LoggerFactory.getLogger(CalicoNodeMain.class).info("autodetected {} {} ({})", flag, found, method);
      return found;
    }
  }

  /** Our names (iptables, nftables) and Felix's FELIX_NFTABLESMODE values (Enabled, Disabled). */
  static final class PolicyBackendConverter implements CommandLine.ITypeConverter<PolicyDataplaneConfig.Backend> {
    @Override
    public PolicyDataplaneConfig.Backend convert(String value) {
      return switch (value.toLowerCase(Locale.ROOT)) {
        case "iptables", "disabled" -> PolicyDataplaneConfig.Backend.IPTABLES;
        case "nftables", "enabled" -> PolicyDataplaneConfig.Backend.NFTABLES;
        default -> throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a policy backend (iptables, nftables; or FELIX_NFTABLESMODE Enabled/Disabled)");
      };
    }
  }

  private static String pool(String s) {
    return s == null || s.isEmpty() || s.equals("none") ? null : s;
  }

  /**
   * Class initialisation the daemon needs whatever its flags say (netlink through jnr-ffi, the
   * datastore's JSON codec, netty's native transport for etcd's client and the BGP speaker), begun
   * on a thread of its own before the command line is parsed: on two cores it overlaps picocli and
   * the configuration instead of following them. It only loads; a failure shows again where the
   * thing is used, with its cause.
   */
  private static void warmUpInBackground() {
    Thread t = new Thread(() -> {
      try {
        Rtnetlink.isAvailable();
        ResourceCodec.get();
        Epoll.isAvailable();
      } catch (Throwable e) {
        // see above: reported by the first real use
      }
    }, "warm-up");
    t.setDaemon(true);
    t.start();
  }

  public static void main(String[] args) {
    // not a static logger: slf4j-simple is configured below, before the first logger exists
    StartupTimeline timeline = StartupTimeline.sinceProcessStart(line -> LoggerFactory.getLogger(CalicoNode.class).info(line));
    timeline.mark(StartupTimeline.Phase.JVM_MAIN);
    warmUpInBackground();
    System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
    // grpc-netty asks the node API's unix socket channels for SO_KEEPALIVE, which they lack: noise
    System.setProperty("org.slf4j.simpleLogger.log.io.netty.bootstrap", "error");
    System.exit(new CommandLine(new CalicoNodeMain(timeline)).execute(args));
  }
}
