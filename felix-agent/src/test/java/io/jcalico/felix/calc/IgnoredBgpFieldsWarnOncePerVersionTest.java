package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.BGPConfigurationSpec;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.BGPPeerSpec;
import io.jcalico.datastore.model.ObjectMeta;
import io.jcalico.datastore.model.Resource;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BGPPeer / BGPConfiguration fields calico-node does not act on are named in one WARN per resource version. */
class IgnoredBgpFieldsWarnOncePerVersionTest {
  private final List<String> warnings = new ArrayList<>();
  private final IgnoredBgpFields fields = new IgnoredBgpFields("node1", warnings::add);

  private static <T extends Resource> List<T> parse(Class<T> type, String yaml) {
    return ResourceCodec.get().parseAll(yaml).stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static final String PEERS = """
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata: {name: tor, resourceVersion: "7"}
      spec:
        peerIP: 198.18.0.254
        asNumber: 65000
        nextHopMode: Keep
        password: {secretKeyRef: {name: bgp-secrets, key: tor}}
        filters: [only-blocks]
        reachableBy: 198.18.0.1
        localWorkloadSelector: app == 'bgp'
      ---
      apiVersion: projectcalico.org/v3
      kind: BGPPeer
      metadata: {name: plain, resourceVersion: "8"}
      spec: {peerIP: 198.18.0.253, asNumber: 65000, keepaliveTime: 10s, ttlSecurity: 1}
      """;

  private static BGPPeer withVersion(BGPPeer p, String version) {
    ObjectMeta m = p.metadata();
    return p.withMetadata(new ObjectMeta(m.name(), m.namespace(), m.labels(), m.annotations(), version, m.uid(),
        m.creationTimestamp(), m.generateName()));
  }

  @Test
  void aPeerWithUnhandledFieldsIsNamedOnceUntilItsVersionChanges() {
    List<BGPPeer> peers = parse(BGPPeer.class, PEERS);
    fields.check(peers, List.of());
    assertThat(warnings).containsExactly(
        "BGPPeer tor: localWorkloadSelector, reachableBy are set but have no effect in jcalico (ignored)");
    fields.check(peers, List.of()); // a resync of the same versions
    assertThat(warnings).hasSize(1);
    fields.check(List.of(withVersion(peers.get(0), "9"), peers.get(1)), List.of());
    assertThat(warnings).hasSize(2);
    // deleted, then created again: looked at afresh
    fields.check(List.of(peers.get(1)), List.of());
    fields.check(peers, List.of());
    assertThat(warnings).hasSize(3);
  }

  @Test
  void defaultAndThisNodesConfigurationAreCheckedAgainstTheirOwnFieldLists() {
    List<BGPConfiguration> configs = parse(BGPConfiguration.class, """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          asNumber: 64512
          logSeverityScreen: Info
          bindMode: NodeIP
          serviceClusterIPs: [{cidr: 198.19.0.0/16}]
          communities: [{name: mine, value: "65001:100"}]
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: node.node1}
        spec: {listenPort: 1790, nodeToNodeMeshEnabled: false}
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: node.node2}
        spec: {nodeToNodeMeshEnabled: false}
        """);
    fields.check(List.of(), configs);
    // without a resource version (an in-memory store), an equal spec counts as the same version
    fields.check(List.of(), configs);
    assertThat(warnings).containsExactly(
        "BGPConfiguration default: logSeverityScreen, bindMode are set but have no effect in jcalico (ignored)",
        "BGPConfiguration node.node1: nodeToNodeMeshEnabled is set but has no effect in jcalico (ignored)");
  }

  @Test
  void everyHandledFieldNameIsAFieldOfItsSpec() {
    List<String> peer = Arrays.stream(BGPPeerSpec.class.getRecordComponents()).map(RecordComponent::getName).toList();
    List<String> config = Arrays.stream(BGPConfigurationSpec.class.getRecordComponents())
        .map(RecordComponent::getName).toList();
    assertThat(peer).containsAll(IgnoredBgpFields.PEER_FIELDS);
    assertThat(config).containsAll(IgnoredBgpFields.GLOBAL_CONFIG_FIELDS).containsAll(IgnoredBgpFields.NODE_CONFIG_FIELDS);
  }
}
