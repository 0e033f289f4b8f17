package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniFixtures.CONTAINER;
import static io.jcalico.felix.cni.CniFixtures.HOST_IF;
import static io.jcalico.felix.cni.CniFixtures.calicoConf;
import static io.jcalico.felix.cni.CniFixtures.env;
import static io.jcalico.felix.cni.CniFixtures.invocation;
import static io.jcalico.felix.cni.CniFixtures.with;
import static io.jcalico.felix.cni.CniFixtures.withPrevResult;
import static io.jcalico.felix.cni.CniFixtures.without;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.cni.CniFixtures.Daemon;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the executables print and how they exit, for each command and each error code. */
class CniHandlerOutputTest {
  private static final String CALICO = "calico";
  private Daemon d;

  @BeforeEach
  void setUp() {
    d = Daemon.create();
  }

  private CniOutcome run(String plugin, Map<String, String> env, String stdin) {
    return d.handler().handle(invocation(plugin, env, stdin));
  }

  private static void assertError(CniOutcome o, String json) {
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.stdoutText()).isEqualTo(json + "\n");
  }

  @Test
  void addPrintsTheResultInTheConfigsVersion() {
    CniOutcome o = run(CALICO, env("ADD"), calicoConf("1.0.0"));
    assertThat(o.exitCode()).isZero();
    assertThat(o.stdoutText()).isEqualTo("{\"cniVersion\":\"1.0.0\","
        + "\"interfaces\":[{\"name\":\"" + HOST_IF + "\",\"mac\":\"ee:ee:ee:ee:ee:ee\"},"
        + "{\"name\":\"eth0\",\"mac\":\"0a:58:c6:12:0a:02\",\"sandbox\":\"/var/run/netns/cni-test-1\"}],"
        + "\"ips\":[{\"interface\":1,\"address\":\"198.18.10.2/32\"}],"
        + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"169.254.1.1\"}],\"dns\":{}}\n");
    assertThat(o.stderr()).isEmpty();

    CniOutcome old = run(CALICO, with(with(env("ADD"), "CNI_CONTAINERID", "second"), "CNI_ARGS",
        "K8S_POD_NAMESPACE=default;K8S_POD_NAME=other"), calicoConf("0.3.1"));
    assertThat(old.stdoutText()).startsWith("{\"cniVersion\":\"0.3.1\",").contains("\"version\":\"4\"");
  }

  @Test
  void delAndCheckPrintNothingOnSuccess() {
    String result = run(CALICO, env("ADD"), calicoConf("1.0.0")).stdoutText();
    String withPrev = withPrevResult(calicoConf("1.0.0"), result);
    CniOutcome check = run(CALICO, env("CHECK"), withPrev);
    assertThat(check.exitCode()).as(check.stdoutText()).isZero();
    assertThat(check.stdout()).isEmpty();
    CniOutcome del = run(CALICO, env("DEL"), withPrev);
    assertThat(del.exitCode()).isZero();
    assertThat(del.stdout()).isEmpty();
    assertThat(d.isEmpty()).isTrue();
    assertThat(run(CALICO, env("DEL"), withPrev).exitCode()).isZero(); // again: still fine
  }

  @Test
  void versionNeedsNoConfig() {
    CniOutcome o = run(CALICO, Map.of("CNI_COMMAND", "VERSION"), "");
    assertThat(o.exitCode()).isZero();
    assertThat(o.stdoutText()).isEqualTo(CalicoCniHandler.versionJson() + "\n");
  }

  @Test
  void code1UnknownVersion() {
    assertError(run(CALICO, env("ADD"), calicoConf("1.1.0")),
        "{\"cniVersion\":\"1.0.0\",\"code\":1,\"msg\":\"incompatible CNI versions\",\"details\":\"config is \\\"1.1.0\\\", "
            + "plugin supports [\\\"0.1.0\\\" \\\"0.2.0\\\" \\\"0.3.0\\\" \\\"0.3.1\\\" \\\"0.4.0\\\" \\\"1.0.0\\\"]\"}");
    assertThat(d.ipam().requests).isEmpty();
  }

  @Test
  void code2UnknownCniArgs() {
    CniOutcome o = run(CALICO, with(env("ADD"), "CNI_ARGS", "K8S_POD_NAMESPACE=a;K8S_POD_NAME=b;COLOR=red"),
        calicoConf("1.0.0"));
    assertError(o, "{\"cniVersion\":\"1.0.0\",\"code\":2,\"msg\":\"unknown CNI_ARGS [COLOR]\","
        + "\"details\":\"set IgnoreUnknown=1 to ignore them\"}");
  }

  @Test
  void code4MissingEnvSpeaksTheConfigsVersion() {
    assertError(run(CALICO, without(env("ADD"), "CNI_NETNS"), calicoConf("0.4.0")),
        "{\"cniVersion\":\"0.4.0\",\"code\":4,\"msg\":\"required env variables [CNI_NETNS] missing\"}");
    assertError(run(CALICO, with(env("ADD"), "CNI_CONTAINERID", "-x"), calicoConf("1.0.0")),
        "{\"cniVersion\":\"1.0.0\",\"code\":4,\"msg\":\"invalid characters in containerID\",\"details\":\"-x\"}");
    assertThat(run(CALICO, with(env("ADD"), "CNI_ARGS", "K8S_POD_NAME=only"), calicoConf("1.0.0")).stdoutText())
        .contains("\"code\":4,\"msg\":\"CNI_ARGS needs both K8S_POD_NAMESPACE and K8S_POD_NAME\"");
  }

  @Test
  void code6BadJson() {
    CniOutcome o = run(CALICO, env("ADD"), "{\"cniVersion\":\"1.0.0\",");
    assertThat(o.exitCode()).isEqualTo(1);
    assertThat(o.stdoutText()).startsWith(
        "{\"cniVersion\":\"1.0.0\",\"code\":6,\"msg\":\"error decoding network config\",\"details\":\"Unexpected end-of-input");
  }

  @Test
  void code7InvalidConfig() {
    assertError(run(CALICO, env("ADD"), "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"ipam\":{\"type\":\"host-local\"}}"),
        "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"unsupported ipam type \\\"host-local\\\"\","
            + "\"details\":\"calico-node assigns addresses itself: use \\\"calico-ipam\\\"\"}");
    assertError(run(CALICO, env("ADD"), "{\"cniVersion\":\"1.0.0\",\"name\":\"n\",\"nodename\":\"node-9\"}"),
        "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"nodename \\\"node-9\\\" is not this node\","
            + "\"details\":\"this calico-node is \\\"node-1\\\"\"}");
    assertError(run(CALICO, env("CHECK"), calicoConf("1.0.0")),
        "{\"cniVersion\":\"1.0.0\",\"code\":7,\"msg\":\"CHECK needs prevResult\"}");
  }

  @Test
  void code11WhenTheDatastoreIsDown() {
    d.ipam().failAssign = new AttachException("etcd: connection refused", true);
    assertError(run(CALICO, env("ADD"), calicoConf("1.0.0")),
        "{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"assigning addresses for k8s-pod-network." + CONTAINER
            + " failed\",\"details\":\"etcd: connection refused\"}");
  }

  @Test
  void code102InterfaceTaken() {
    d.plumber().occupy(HOST_IF);
    assertError(run(CALICO, env("ADD"), calicoConf("1.0.0")),
        "{\"cniVersion\":\"1.0.0\",\"code\":102,\"msg\":\"interface " + HOST_IF + " already exists\","
            + "\"details\":\"link " + HOST_IF + " exists (index 7)\"}");
  }

  @Test
  void code100WhenTheDaemonHasABug() {
    d.plumber().bug = new NullPointerException("oops");
    assertError(run(CALICO, env("ADD"), calicoConf("1.0.0")),
        "{\"cniVersion\":\"1.0.0\",\"code\":100,\"msg\":\"internal error in calico-node\","
            + "\"details\":\"java.lang.NullPointerException: oops\"}");
    assertThat(d.ipam().holdsAnything()).isFalse();
  }

  @Test
  void code105CheckAfterTheIpWasReleased() {
    String result = run(CALICO, env("ADD"), calicoConf("1.0.0")).stdoutText();
    d.ipam().byHandle.clear();
    assertError(run(CALICO, env("CHECK"), withPrevResult(calicoConf("1.0.0"), result)),
        "{\"cniVersion\":\"1.0.0\",\"code\":105,\"msg\":\"CHECK found differences\","
            + "\"details\":\"IPAM handle k8s-pod-network." + CONTAINER + " does not hold 198.18.10.2\"}");
  }

  @Test
  void statusReportsReadiness() {
    Map<String, String> status = Map.of("CNI_COMMAND", "STATUS");
    String conf = "{\"cniVersion\":\"1.1.0\",\"name\":\"k8s-pod-network\",\"type\":\"calico\"}";
    CniOutcome ok = run(CALICO, status, conf);
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.stdout()).isEmpty();
    Daemon notReady = Daemon.create(c -> Optional.of("etcd unreachable"));
    assertThat(notReady.handler().handle(invocation(CALICO, status, conf)).stdoutText()).isEqualTo(
        "{\"cniVersion\":\"1.0.0\",\"code\":50,\"msg\":\"calico-node is not ready\",\"details\":\"etcd unreachable\"}\n");
  }

  @Test
  void calicoIpamAssignsReleasesAndChecksByHandle() {
    // as a main plugin such as ptp hands its config to the calico-ipam executable
    String conf = "{\"cniVersion\":\"1.0.0\",\"name\":\"k8s-pod-network\",\"type\":\"ptp\","
        + "\"ipam\":{\"type\":\"calico-ipam\",\"assign_ipv6\":\"true\"}}";
    CniOutcome add = run("calico-ipam", env("ADD"), conf);
    assertThat(add.exitCode()).isZero();
    assertThat(add.stdoutText()).isEqualTo("{\"cniVersion\":\"1.0.0\",\"ips\":[{\"address\":\"198.18.10.2/26\"},"
        + "{\"address\":\"fd00:10::2/122\"}],\"dns\":{}}\n");
    assertThat(d.plumber().links).isEmpty();
    assertThat(d.endpoints().endpoints).isEmpty();

    String withPrev = withPrevResult(conf, add.stdoutText());
    assertThat(run("calico-ipam", env("CHECK"), withPrev).exitCode()).isZero();
    assertThat(run("calico-ipam", env("DEL"), withPrev).exitCode()).isZero();
    assertThat(d.ipam().holdsAnything()).isFalse();
    assertThat(run("calico-ipam", env("CHECK"), withPrev).stdoutText()).contains("\"code\":105");
  }
}
