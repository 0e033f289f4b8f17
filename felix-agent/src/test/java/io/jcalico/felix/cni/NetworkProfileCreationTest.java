package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniFixtures.NODE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jcalico.felix.cni.CniFixtures.Daemon;
import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ADD of a container outside Kubernetes makes its network's profile when absent, before anything
 * else, once per network while the daemon remembers it; a failure to make it fails ADD with nothing
 * left behind; pods, and networks whose config names a policy type, get none; DEL leaves it.
 */
class NetworkProfileCreationTest {
  private Daemon d;

  @BeforeEach
  void setUp() {
    d = Daemon.create();
  }

  /** A network config as for containers outside Kubernetes: no policy section. */
  private static String bareConf(String network) {
    return """
        {"cniVersion":"1.0.0","name":"%s","type":"calico","mtu":1500,"ipam":{"type":"calico-ipam"}}
        """.formatted(network);
  }

  private static Attachment container(String network, String containerId) throws CniException {
    return new Attachment(containerId, "/var/run/netns/" + containerId, "eth0", NODE, Optional.empty(),
        NetConf.parse(bareConf(network).getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aContainerOutsideKubernetesGetsItsNetworksProfileMadeByAddAndKeptByDel() throws CniException {
    Attachment a = container("blue", "c1");
    d.attacher().add(a);

    assertThat(d.profiles().profiles).containsExactly("blue");
    PodEndpoint ep = d.endpoints().endpoints.get("default/" + a.endpointName());
    assertThat(ep.orchestrator()).isEqualTo("cni");
    assertThat(ep.profiles()).as("the endpoint lists the profile made").containsExactly("blue");

    d.attacher().del(a);
    assertThat(d.endpoints().endpoints).isEmpty();
    assertThat(d.profiles().profiles).as("DEL leaves the network's profile").containsExactly("blue");
  }

  @Test
  void theRuntimesCallWithoutKubernetesArgumentsMakesTheProfile() {
    var env = CniFixtures.with(CniFixtures.env("ADD"), "CNI_ARGS", "IgnoreUnknown=1");
    CniOutcome out = d.handler().handle(CniFixtures.invocation("calico", env, bareConf("blue")));
    assertThat(out.exitCode()).as(out.stdoutText()).isZero();
    assertThat(d.profiles().profiles).containsExactly("blue");
  }

  @Test
  void theDatastoreIsAskedOncePerNetworkWhileTheDaemonRemembersIt() throws CniException {
    d.attacher().add(container("blue", "c1"));
    d.attacher().add(container("blue", "c2"));
    d.attacher().add(container("green", "c3"));
    d.clock().advance(NetworkProfiles.REMEMBER.minusSeconds(1));
    d.attacher().add(container("blue", "c4"));
    assertThat(d.profiles().asked).containsExactly("blue", "green");

    // an operator deleted it meanwhile: the first ADD after the daemon forgot makes it again
    d.profiles().profiles.remove("blue");
    d.clock().advance(Duration.ofSeconds(1));
    d.attacher().add(container("blue", "c5"));
    assertThat(d.profiles().asked).containsExactly("blue", "green", "blue");
    assertThat(d.profiles().profiles).containsExactlyInAnyOrder("blue", "green");
  }

  @Test
  void podsAndNetworksWithAPolicyTypeGetNoProfile() throws CniException {
    Attachment pod = new Attachment("c1", "/var/run/netns/c1", "eth0", NODE, Optional.of(new PodRef("default", "nginx")),
        NetConf.parse(bareConf("blue").getBytes(StandardCharsets.UTF_8)));
    Attachment k8sPolicy = new Attachment("c2", "/var/run/netns/c2", "eth0", NODE, Optional.empty(),
        NetConf.parse(CniFixtures.calicoConf("1.0.0").getBytes(StandardCharsets.UTF_8)));
    d.attacher().add(pod);
    d.attacher().add(k8sPolicy);
    assertThat(d.profiles().asked).isEmpty();
    assertThat(d.endpoints().endpoints.get("default/" + pod.endpointName()).profiles()).containsExactly("kns.default");
  }

  @Test
  void aProfileThatCannotBeMadeFailsAddBeforeAnythingIsMade() throws CniException {
    d.profiles().failCreate = new AttachException("datastore: Profile \"blue\" is invalid", false);
    CniException e = catchThrowableOfType(CniException.class, () -> d.attacher().add(container("blue", "c1")));
    assertThat(e.code().code()).isEqualTo(104);
    assertThat(e.msg()).isEqualTo("creating Profile blue failed");
    assertThat(e.details()).isEqualTo("datastore: Profile \"blue\" is invalid");
    assertThat(d.ipam().requests).as("no address asked for").isEmpty();
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void anUnreachableDatastoreIsTryAgainLaterAndTheRetryMakesIt() throws CniException {
    d.profiles().failCreate = new AttachException("etcd: context deadline exceeded", true);
    CniException e = catchThrowableOfType(CniException.class, () -> d.attacher().add(container("blue", "c1")));
    assertThat(e.code().code()).isEqualTo(11);
    assertThat(d.isEmpty()).isTrue();

    d.profiles().failCreate = null;
    d.attacher().add(container("blue", "c1"));
    assertThat(d.profiles().asked).as("a failure is not remembered").containsExactly("blue", "blue");
    assertThat(d.profiles().profiles).containsExactly("blue");
  }
}
