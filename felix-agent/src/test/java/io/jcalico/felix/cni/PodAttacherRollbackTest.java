package io.jcalico.felix.cni;

import static io.jcalico.felix.cni.CniFixtures.CONTAINER;
import static io.jcalico.felix.cni.CniFixtures.HOST_IF;
import static io.jcalico.felix.cni.CniFixtures.NETNS;
import static io.jcalico.felix.cni.CniFixtures.NODE;
import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.felix.cni.CniFixtures.Daemon;
import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ADD undoes every step it made when a later one fails; DEL is idempotent; CHECK finds drift. */
class PodAttacherRollbackTest {
  private static final String WEP = "node--1-k8s-nginx-eth0";
  private Daemon d;

  @BeforeEach
  void setUp() {
    d = Daemon.create();
  }

  private static Attachment attachment(String conf, String containerId, String netns) throws CniException {
    return new Attachment(containerId, netns, "eth0", NODE, Optional.of(new PodRef("default", "nginx")),
        NetConf.parse(conf.getBytes(StandardCharsets.UTF_8)));
  }

  private static Attachment pod() throws CniException {
    return attachment(CniFixtures.dualStackConf(), CONTAINER, NETNS);
  }

  private CniException addFails() throws CniException {
    Attachment a = pod();
    try {
      d.attacher().add(a);
    } catch (CniException e) {
      return e;
    }
    throw new AssertionError("ADD succeeded");
  }

  @Test
  void addMakesAllThreeAndReportsThem() throws CniException {
    CniResult r = d.attacher().add(pod());

    assertThat(d.ipam().byHandle.get("k8s-pod-network." + CONTAINER)).hasSize(2);
    assertThat(d.ipam().requests.get(0)).satisfies(req -> {
      assertThat(req.node()).isEqualTo(NODE);
      assertThat(req.num4()).isEqualTo(1);
      assertThat(req.num6()).isEqualTo(1);
      assertThat(req.attributes()).containsEntry("namespace", "default").containsEntry("pod", "nginx")
          .containsEntry("node", NODE).containsEntry("timestamp", "2025-01-02T03:04:05Z");
    });
    FakePodPlumber.Link link = d.plumber().links.get(HOST_IF);
    assertThat(link.netns()).isEqualTo(NETNS);
    assertThat(link.addresses()).extracting(a -> a.toCanonicalString())
        .containsExactly("198.18.10.2/32", "fd00:10::2/128"); // the block's /26 and /122 forced to one host
    PodEndpoint ep = d.endpoints().endpoints.get("default/" + WEP);
    assertThat(ep.containerId()).isEqualTo(CONTAINER);
    assertThat(ep.interfaceName()).isEqualTo(HOST_IF);
    assertThat(ep.pod()).isEqualTo("nginx");
    assertThat(ep.orchestrator()).isEqualTo("k8s");
    assertThat((Object) ep.mac()).isEqualTo(FakePodPlumber.POD_MAC);
    assertThat(ep.profiles()).containsExactly("kns.default");
    assertThat(ep.labels()).containsEntry("projectcalico.org/namespace", "default");
    CniResult golden = CniResultGoldenTest.DUAL_STACK;
    assertThat(r).isEqualTo(new CniResult(golden.interfaces(), golden.ips(), golden.routes(), CniResult.Dns.EMPTY));
  }

  @Test
  void ipamFailureLeavesNothing() throws CniException {
    d.ipam().failAssign = new AttachException("no pool has free addresses", false);
    CniException e = addFails();
    assertThat(e.code().code()).isEqualTo(101);
    assertThat(e.msg()).isEqualTo("assigning addresses for k8s-pod-network." + CONTAINER + " failed");
    assertThat(e.details()).isEqualTo("no pool has free addresses");
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.plumber().links).as("the pair made meanwhile is removed").isEmpty();
    assertThat(d.plumber().teardowns).hasSize(1);
  }

  @Test
  void thePairIsMadeWhileIpamAssigns() throws CniException {
    java.util.concurrent.atomic.AtomicBoolean overlapped = new java.util.concurrent.atomic.AtomicBoolean();
    d.ipam().duringAssign = () -> {
      try {
        overlapped.set(d.plumber().pairsMade.tryAcquire(5, java.util.concurrent.TimeUnit.SECONDS));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    CniResult r = d.attacher().add(pod());
    assertThat(overlapped).as("the veth pair was made before IPAM answered").isTrue();
    assertThat(d.plumber().links.get(HOST_IF).addresses()).hasSize(2);
    assertThat(r.ips()).hasSize(2);
  }

  @Test
  void partialAssignmentIsReleased() throws CniException {
    d.ipam().failAssign = new AttachException("IPv6 pool exhausted", false);
    d.ipam().failAfterFirst = true;
    addFails();
    assertThat(d.ipam().holdsAnything()).isFalse();
  }

  @Test
  void datastoreOutageDuringAssignIsTryAgainLater() throws CniException {
    d.ipam().failAssign = new AttachException("etcd unavailable", true);
    assertThat(addFails().code().code()).isEqualTo(11);
  }

  @Test
  void plumbingFailureReleasesAddressesAndRemovesThePair() throws CniException {
    d.plumber().failSetUp = new AttachException("RTNETLINK: file exists (address)", false);
    CniException e = addFails();
    assertThat(e.code().code()).isEqualTo(103);
    assertThat(e.msg()).isEqualTo("creating " + HOST_IF + " failed");
    assertThat(d.isEmpty()).isTrue();
    assertThat(d.plumber().teardowns).hasSize(1);
    assertThat(d.plumber().teardowns.get(0).hostIfName()).contains(HOST_IF);
  }

  /** IPAM creates the endpoint in its own transaction, as the etcd allocator does. */
  private void endpointWithTheAddresses() {
    d.endpoints().preparesCreates = true;
    d.ipam().companions = d.endpoints()::createPrepared;
  }

  @Test
  void theEndpointCanBeCreatedWithTheAddressesInsteadOfWrittenApart() throws CniException {
    endpointWithTheAddresses();
    CniResult r = d.attacher().add(pod());
    assertThat(d.endpoints().writes).isZero();
    PodEndpoint ep = d.endpoints().endpoints.get("default/" + WEP);
    assertThat(ep.ipNetworks()).isEqualTo(r.ips().stream().map(CniResult.IpConfig::address).toList());
    assertThat(ep.mac().toColonDelimitedString()).isEqualTo(r.interfaces().get(1).mac().toColonDelimitedString());
  }

  @Test
  void anEndpointLeftByAnEarlierAddIsWrittenOver() throws CniException, AttachException {
    endpointWithTheAddresses();
    d.endpoints().write(new PodEndpoint("default", WEP, java.util.Map.of(), "k8s", "", "node-1", "old", "nginx", "eth0",
        HOST_IF, null, java.util.List.of(), java.util.List.of()));
    d.attacher().add(pod());
    assertThat(d.endpoints().writes).isEqualTo(2);
    assertThat(d.endpoints().endpoints.get("default/" + WEP).containerId()).isEqualTo(CONTAINER);
  }

  @Test
  void aPlumbingFailureDeletesTheEndpointIpamCreated() throws CniException {
    endpointWithTheAddresses();
    d.plumber().failSetUp = new AttachException("RTNETLINK: file exists (address)", false);
    assertThat(addFails().code().code()).isEqualTo(103);
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void takenInterfaceNameIsCode102AndLeftAlone() throws CniException {
    d.plumber().occupy(HOST_IF);
    CniException e = addFails();
    assertThat(e.code().code()).isEqualTo(102);
    assertThat(e.msg()).isEqualTo("interface " + HOST_IF + " already exists");
    assertThat(e.details()).isEqualTo("link " + HOST_IF + " exists (index 7)");
    assertThat(d.plumber().links).containsKey(HOST_IF); // not ours: not removed
    assertThat(d.plumber().teardowns).isEmpty();
    assertThat(d.ipam().holdsAnything()).isFalse();
    assertThat(d.endpoints().endpoints).as("the endpoint written meanwhile is deleted").isEmpty();
  }

  @Test
  void endpointWriteFailureUndoesEverything() throws CniException {
    d.endpoints().failWrite = new AttachException("etcd: request timed out", true);
    CniException e = addFails();
    assertThat(e.code().code()).isEqualTo(11);
    assertThat(e.msg()).isEqualTo("writing WorkloadEndpoint " + WEP + " failed");
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void endpointRejectedIsCode104() throws CniException {
    d.endpoints().failWrite = new AttachException("admission: bad name", false);
    assertThat(addFails().code().code()).isEqualTo(104);
  }

  @Test
  void failedUndoIsReportedAfterTheCause() throws CniException {
    d.endpoints().failWrite = new AttachException("admission: bad name", false);
    d.plumber().failTearDown = new AttachException("netns gone", false);
    d.endpoints().failDelete = new AttachException("etcd down", true);
    CniException e = addFails();
    assertThat(e.code().code()).isEqualTo(104);
    // newest first: the veth, the addresses, then the endpoint (undone last: IPAM may have written it)
    assertThat(e.details()).isEqualTo("admission: bad name; rollback incomplete: "
        + "remove " + HOST_IF + ": netns gone; delete WorkloadEndpoint " + WEP + ": etcd down");
    assertThat(d.ipam().holdsAnything()).isFalse(); // the undo after the failed ones still ran
  }

  @Test
  void runtimeExceptionStillUnwinds() throws CniException {
    PodAttacher broken = new PodAttacher(new IpamPlugin(d.ipam(), CniFixtures.CLOCK), d.plumber(), new EndpointWriter() {
      @Override
      public void write(PodEndpoint endpoint) {
        throw new IllegalStateException("bug");
      }

      @Override
      public Optional<PodEndpoint> read(String namespace, String name) {
        return Optional.empty();
      }

      @Override
      public void delete(String namespace, String name) {}
    });
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> broken.add(pod())).hasMessage("bug");
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void delRemovesEverythingAndIsIdempotent() throws CniException {
    d.attacher().add(pod());
    d.attacher().del(pod());
    assertThat(d.isEmpty()).isTrue();
    d.attacher().del(pod());
    d.attacher().del(pod());
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void delWithoutNetnsStillRemovesTheHostEnd() throws CniException {
    d.attacher().add(pod());
    Attachment noNetns = new Attachment(CONTAINER, "", "eth0", NODE, Optional.of(new PodRef("default", "nginx")),
        pod().conf());
    d.attacher().del(noNetns);
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void delToleratesMissingPieces() throws CniException {
    d.attacher().add(pod());
    d.endpoints().endpoints.clear();
    d.plumber().links.clear();
    d.attacher().del(pod());
    assertThat(d.isEmpty()).isTrue();
  }

  @Test
  void delOfAnOldSandboxLeavesTheNewOnesHostEndAndEndpoint() throws CniException {
    d.attacher().add(attachment(CniFixtures.dualStackConf(), "newsandbox", "/var/run/netns/cni-test-2"));
    d.attacher().del(pod()); // the old sandbox CONTAINER, deleted late
    assertThat(d.endpoints().endpoints.get("default/" + WEP).containerId()).isEqualTo("newsandbox");
    assertThat(d.plumber().links).containsKey(HOST_IF);
    assertThat(d.plumber().teardowns.get(0).hostIfName()).isEmpty();
    assertThat(d.ipam().byHandle).containsOnlyKeys("k8s-pod-network.newsandbox");
  }

  @Test
  void delTriesEveryStepAndReportsEveryFailure() throws CniException {
    d.attacher().add(pod());
    d.plumber().failTearDown = new AttachException("netlink busy", true);
    d.ipam().failRelease = new AttachException("CAS conflict", true);
    CniException e = null;
    try {
      d.attacher().del(pod());
    } catch (CniException ex) {
      e = ex;
    }
    assertThat(e).isNotNull();
    assertThat(e.code().code()).isEqualTo(11);
    assertThat(e.details()).isEqualTo("removing " + HOST_IF + " failed: netlink busy; releasing k8s-pod-network."
        + CONTAINER + " failed: CAS conflict");
    assertThat(d.endpoints().endpoints).isEmpty(); // the step between the two failures ran
  }

  @Test
  void delWithTheDatastoreDownTouchesOnlyThePodSide() throws CniException {
    d.attacher().add(pod());
    d.endpoints().failRead = new AttachException("etcd down", true);
    CniException e = null;
    try {
      d.attacher().del(pod());
    } catch (CniException ex) {
      e = ex;
    }
    assertThat(e.code().code()).isEqualTo(11);
    assertThat(d.plumber().teardowns.get(0).hostIfName()).isEmpty();
    assertThat(d.plumber().teardowns.get(0).netns()).isEqualTo(NETNS);
  }

  @Test
  void checkPassesRightAfterAdd() throws CniException {
    CniResult r = d.attacher().add(pod());
    d.attacher().check(pod(), r);
  }

  @Test
  void checkReportsEveryDifference() throws CniException {
    CniResult r = d.attacher().add(pod());
    d.ipam().byHandle.clear();
    d.endpoints().endpoints.clear();
    d.plumber().links.clear();
    CniException e = null;
    try {
      d.attacher().check(pod(), r);
    } catch (CniException ex) {
      e = ex;
    }
    assertThat(e.code().code()).isEqualTo(105);
    assertThat(e.msg()).isEqualTo("CHECK found differences");
    assertThat(e.details()).isEqualTo("IPAM handle k8s-pod-network." + CONTAINER + " does not hold 198.18.10.2; "
        + "IPAM handle k8s-pod-network." + CONTAINER + " does not hold fd00:10::2; "
        + "WorkloadEndpoint default/" + WEP + " does not exist; link " + HOST_IF + " does not exist");
  }

  @Test
  void checkSeesAnEndpointOfAnotherContainer() throws CniException {
    CniResult r = d.attacher().add(pod());
    PodEndpoint ep = d.endpoints().endpoints.get("default/" + WEP);
    d.endpoints().endpoints.put("default/" + WEP, new PodEndpoint(ep.namespace(), ep.name(), ep.labels(),
        ep.orchestrator(), ep.workload(), ep.node(), "other", ep.pod(), ep.endpoint(), ep.interfaceName(), ep.mac(),
        java.util.List.of(new IPAddressString("198.18.10.9/32").getAddress()), ep.profiles()));
    try {
      d.attacher().check(pod(), r);
      throw new AssertionError("CHECK passed");
    } catch (CniException e) {
      assertThat(e.details()).contains("WorkloadEndpoint " + WEP + " belongs to container other")
          .contains("WorkloadEndpoint " + WEP + " has [198.18.10.9/32], prevResult [198.18.10.2/32, fd00:10::2/128]");
    }
  }

  @Test
  void checkNeedsOurInterfaceInPrevResult() throws CniException {
    CniResult r = d.attacher().add(pod());
    CniResult foreign = new CniResult(java.util.List.of(new CniResult.Interface("net1", null, NETNS)), r.ips(),
        r.routes(), r.dns());
    try {
      d.attacher().check(pod(), foreign);
      throw new AssertionError("CHECK passed");
    } catch (CniException e) {
      assertThat(e.code().code()).isEqualTo(7);
      assertThat(e.msg()).isEqualTo("prevResult has no interface eth0 in " + NETNS);
    }
  }
}
