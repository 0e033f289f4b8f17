package io.jcalico.felix.cni;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.felix.cni.WorkloadNames.PodRef;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WorkloadNamesTest {

  @Test
  void hostInterfaceIsCaliPlusSha1OfNamespaceDotPod() {
    // sha1("default.nginx") = c440f455693b69cd...
    assertThat(WorkloadNames.hostInterface(Optional.of(new PodRef("default", "nginx")), "ignored"))
        .isEqualTo("calic440f455693");
    // sha1("kube-system.coredns-abc") = 3d5d6ab04b5152ac...
    assertThat(WorkloadNames.hostInterface(Optional.of(new PodRef("kube-system", "coredns-abc")), "x"))
        .isEqualTo("cali3d5d6ab04b5").hasSize(15);
  }

  @Test
  void outsideKubernetesTheContainerIdIsHashed() {
    // sha1("0123456789abcdef") = fe5567e8d7695508...
    assertThat(WorkloadNames.hostInterface(Optional.empty(), "0123456789abcdef")).isEqualTo("calife5567e8d76");
  }

  @Test
  void endpointNameDoublesDashesInEachPart() {
    assertThat(WorkloadNames.endpointName("node1", "k8s", "mypod", "eth0")).isEqualTo("node1-k8s-mypod-eth0");
    assertThat(WorkloadNames.endpointName("node-1", "k8s", "web-7d4f-x2", "eth0"))
        .isEqualTo("node--1-k8s-web--7d4f--x2-eth0");
    assertThat(WorkloadNames.endpointName("n", "cni", "abc-def", "net-1")).isEqualTo("n-cni-abc--def-net--1");
  }

  @Test
  void handleIsNetworkDotContainer() {
    assertThat(WorkloadNames.handleId("k8s-pod-network", "abc123")).isEqualTo("k8s-pod-network.abc123");
  }
}
