package io.jcalico.datastore.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.jcalico.datastore.model.AsNumber;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.GlobalNetworkPolicy;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.K8sNetworkPolicy;
import io.jcalico.datastore.model.Node;
import io.jcalico.datastore.model.Port;
import io.jcalico.datastore.model.Protocol;
import io.jcalico.datastore.model.Resource;
import io.jcalico.datastore.model.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed spec records read and write Calico's field names, values and absences exactly. */
class ResourceCodecTypedFieldsTest {

  private final ResourceCodec codec = ResourceCodec.get();

  @Test
  void ipPoolFieldsRoundTripWithAbsentFalseAndEmptyKept() {
    String yaml = """
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata:
          name: pool-1
        spec:
          cidr: 10.1.0.0/16
          natOutgoing: false
          allowedUses: []
        """;
    IPPool pool = (IPPool) codec.parseOne(yaml);
    assertThat(pool.spec().cidr()).isEqualTo("10.1.0.0/16");
    assertThat(pool.spec().natOutgoing()).isFalse();
    assertThat(pool.spec().allowedUses()).isEmpty();
    assertThat(pool.spec().ipipMode()).isNull();
    JsonNode spec = codec.toTree(pool).get("spec");
    assertThat(spec.size()).isEqualTo(3);
    assertThat(spec.get("natOutgoing").asBoolean(true)).isFalse();
    assertThat(spec.get("allowedUses").isArray()).isTrue();
    assertThat(codec.parseOne(codec.toYaml(pool))).isEqualTo(pool);
  }

  @Test
  void asNumbersAreReadPlainQuotedOrDottedAndWrittenAsNumbers() {
    BGPPeer peer = (BGPPeer) codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: BGPPeer
        metadata: {name: p}
        spec: {peerIP: "[fd00::1]:1790", asNumber: "64512.1", localASNumber: "4200000000"}
        """);
    assertThat(peer.spec().asNumber()).isEqualTo(AsNumber.of(64512L * 65536 + 1));
    assertThat(peer.spec().localASNumber().value()).isEqualTo(4_200_000_000L);
    JsonNode spec = codec.toTree(peer).get("spec");
    assertThat(spec.get("asNumber").isNumber()).isTrue();
    assertThat(spec.get("asNumber").asLong()).isEqualTo(4227858433L);
    assertThat(spec.get("localASNumber").asLong()).isEqualTo(4_200_000_000L);
  }

  @Test
  void badAsNumberIsAParseErrorNamingTheField() {
    assertThatThrownBy(() -> codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec: {asNumber: "65536.1"}
        """))
        .isInstanceOf(ResourceParseException.class)
        .hasMessage("document (BGPConfiguration/default): field \"spec.asNumber\": \"65536.1\" is not a valid AS number"
            + " (0-4294967295, or dotted 0-65535.0-65535)");
  }

  @Test
  void portsAndProtocolsKeepCalicoForms() {
    GlobalNetworkPolicy gnp = (GlobalNetworkPolicy) codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: ports}
        spec:
          order: 100
          ingress:
            - action: Allow
              protocol: 6
              destination:
                ports: [8080, '1234:5678', 'named-port', '443']
            - action: Deny
              protocol: UDPLite
              notProtocol: TCP
        """);
    Rule r0 = gnp.spec().ingress().get(0);
    assertThat(r0.protocol()).isEqualTo(Protocol.of(6));
    assertThat(r0.destination().ports())
        .containsExactly(Port.single(8080), Port.range(1234, 5678), Port.named("named-port"), Port.single(443));
    JsonNode tree = codec.toTree(gnp);
    assertThat(tree.at("/spec/order").isInt()).isTrue();
    assertThat(tree.at("/spec/ingress/0/protocol").isInt()).isTrue();
    assertThat(tree.at("/spec/ingress/0/destination/ports").toString()).isEqualTo("[8080,\"1234:5678\",\"named-port\",443]");
    assertThat(tree.at("/spec/ingress/1/protocol").asText()).isEqualTo("UDPLite");
    assertThat(codec.parseOne(codec.toJson(gnp))).isEqualTo(gnp);
  }

  @Test
  void portOutOfRangeIsAParseErrorInCalicosWords() {
    assertThatThrownBy(() -> codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: GlobalNetworkPolicy
        metadata: {name: ports}
        spec:
          ingress:
            - action: Allow
              protocol: TCP
              destination: {ports: ['2000:1000']}
        """))
        .hasMessage("document (GlobalNetworkPolicy/ports): field \"spec.ingress[0].destination.ports[0]\": "
            + "minimum port number (2000) is greater than maximum port number (1000) in port range");
  }

  @Test
  void nodeWithStatusAndKubernetesPolicyWithEmptySelectorRoundTrip() {
    List<Resource> rs = codec.parseAll("""
        apiVersion: projectcalico.org/v3
        kind: Node
        metadata: {name: node-1}
        spec:
          bgp: {asNumber: 64512, ipv4Address: 10.244.0.1/24, routeReflectorClusterID: 244.0.0.1}
          orchRefs: [{nodeName: node-1, orchestrator: k8s}]
        status:
          podCIDRs: [10.244.0.0/24]
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: deny, namespace: engineering}
        spec:
          podSelector: {}
          ingress: []
          egress: [{}]
          policyTypes: [Ingress, Egress]
        """);
    Node node = (Node) rs.get(0);
    assertThat(node.status().podCIDRs()).containsExactly("10.244.0.0/24");
    assertThat(node.spec().bgp().routeReflectorClusterID()).isEqualTo("244.0.0.1");
    K8sNetworkPolicy knp = (K8sNetworkPolicy) rs.get(1);
    JsonNode spec = codec.toTree(knp).get("spec");
    assertThat(spec.get("podSelector").isObject()).isTrue();
    assertThat(spec.get("podSelector").isEmpty()).isTrue();
    assertThat(spec.get("ingress").isEmpty()).isTrue();
    assertThat(spec.get("egress").get(0).isEmpty()).isTrue();
    assertThat(codec.parseAll(codec.toYaml(codec.toTree(rs, null, null)))).isEqualTo(rs);
  }

  @Test
  void unknownSpecFieldIsNamedWithItsPath() {
    assertThatThrownBy(() -> codec.parseOne("""
        apiVersion: projectcalico.org/v3
        kind: IPPool
        metadata: {name: pool-1}
        spec: {cidr: 10.0.0.0/16, ipipmode: Always}
        """))
        .hasMessage("document (IPPool/pool-1): unknown field \"spec.ipipmode\"");
  }
}
