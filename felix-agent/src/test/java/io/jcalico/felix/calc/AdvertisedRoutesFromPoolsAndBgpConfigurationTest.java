package io.jcalico.felix.calc;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.jcalico.datastore.codec.ResourceCodec;
import io.jcalico.datastore.model.BGPConfiguration;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.Resource;
import io.jcalico.felix.calc.RouteAdvertisements.Advertisement;
import io.jcalico.felix.calc.RouteAdvertisements.LargeCommunity;
import io.jcalico.felix.calc.RouteAdvertisements.Source;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * What a node originates, as Calico's BIRD configuration makes it: pools' disableBGPExport,
 * service CIDRs from every node, prefixAdvertisements' communities (named and literal, standard
 * and large), and a node's own BGPConfiguration replacing the default's prefixAdvertisements.
 */
class AdvertisedRoutesFromPoolsAndBgpConfigurationTest {
  private static final ResourceCodec CODEC = ResourceCodec.get();

  private static IPAddress ip(String s) {
    return new IPAddressString(s).getAddress();
  }

  private static Map<IPAddress, Advertisement> compute(String node, Set<String> blocks, String yaml) {
    List<Resource> rs = CODEC.parseAll(yaml);
    List<IPPool> pools = rs.stream().filter(IPPool.class::isInstance).map(IPPool.class::cast).toList();
    List<BGPConfiguration> configs = rs.stream().filter(BGPConfiguration.class::isInstance)
        .map(BGPConfiguration.class::cast).toList();
    var global = configs.stream().filter(BGPConfiguration::namedDefault).map(BGPConfiguration::spec).findFirst().orElse(null);
    var perNode = configs.stream().filter(c -> c.name().equals("node." + node)).map(BGPConfiguration::spec)
        .findFirst().orElse(null);
    return RouteAdvertisements.compute(new RouteAdvertisements.Inputs(
        blocks.stream().map(b -> ip(b)).collect(Collectors.toSet()), pools, global, perNode));
  }

  private static final String POOLS = """
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata: {name: exported}
      spec: {cidr: 198.18.64.0/18, blockSize: 26}
      ---
      apiVersion: projectcalico.org/v3
      kind: IPPool
      metadata: {name: local-only}
      spec: {cidr: 198.19.0.0/16, blockSize: 26, disableBGPExport: true}
      """;

  @Test
  void blocksOfADisableBgpExportPoolAreNotAdvertised() {
    Map<IPAddress, Advertisement> ads = compute("node1",
        Set.of("198.18.64.0/26", "198.19.0.64/26", "fd00:5::/122"), POOLS);
    assertThat(ads.keySet()).containsExactlyInAnyOrder(ip("198.18.64.0/26"), ip("fd00:5::/122"));
    assertThat(ads.get(ip("198.18.64.0/26")).source()).isEqualTo(Source.BLOCK);
  }

  @Test
  void communitiesOfEveryPrefixAdvertisementContainingTheRouteAreAttached() {
    Map<IPAddress, Advertisement> ads = compute("node1", Set.of("198.18.64.0/26", "198.18.65.0/26"), POOLS + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          communities:
          - {name: pods, value: "64512:300:100"}
          prefixAdvertisements:
          - cidr: 198.18.64.0/18
            communities: [pods, "64512:120"]
          - cidr: 198.18.64.0/26
            communities: ["65000:7", "64512:120"]
        """);
    Advertisement first = ads.get(ip("198.18.64.0/26"));
    assertThat(first.communities()).containsExactly(64512 << 16 | 120, 65000 << 16 | 7);
    assertThat(first.largeCommunities()).containsExactly(new LargeCommunity(64512, 300, 100));
    Advertisement second = ads.get(ip("198.18.65.0/26"));
    assertThat(second.communities()).containsExactly(64512 << 16 | 120);
    assertThat(second.largeCommunities()).containsExactly(new LargeCommunity(64512, 300, 100));
  }

  @Test
  void serviceCidrsAreAdvertisedWholeWithTheirCommunities() {
    Map<IPAddress, Advertisement> ads = compute("node2", Set.of(), """
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          serviceClusterIPs: [{cidr: 198.18.128.0/20}, {cidr: "fd00:96::/112"}]
          serviceExternalIPs: [{cidr: 198.18.200.7/32}]
          serviceLoadBalancerIPs: [{cidr: 198.18.201.0/24}]
          prefixAdvertisements:
          - {cidr: 198.18.128.0/17, communities: ["4294967295:1:2"]}
        """);
    assertThat(ads).containsOnlyKeys(ip("198.18.128.0/20"), ip("fd00:96::/112"), ip("198.18.200.7/32"),
        ip("198.18.201.0/24"));
    assertThat(ads.get(ip("198.18.128.0/20")).source()).isEqualTo(Source.SERVICE_CLUSTER_IPS);
    assertThat(ads.get(ip("198.18.200.7/32")).source()).isEqualTo(Source.SERVICE_EXTERNAL_IPS);
    assertThat(ads.get(ip("198.18.201.0/24")).source()).isEqualTo(Source.SERVICE_LOADBALANCER_IPS);
    assertThat(ads.get(ip("198.18.201.0/24")).largeCommunities()).containsExactly(new LargeCommunity(4294967295L, 1, 2));
    assertThat(ads.get(ip("fd00:96::/112")).largeCommunities()).as("another family is not inside").isEmpty();
  }

  @Test
  void aNodesOwnPrefixAdvertisementsReplaceTheDefaults() {
    String config = POOLS + """
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: default}
        spec:
          prefixAdvertisements: [{cidr: 198.18.64.0/18, communities: ["64512:1"]}]
        ---
        apiVersion: projectcalico.org/v3
        kind: BGPConfiguration
        metadata: {name: node.node7}
        spec:
          communities: [{name: rack, value: "64512:7"}]
          prefixAdvertisements: [{cidr: 198.18.64.0/18, communities: [rack]}]
        """;
    assertThat(compute("node7", Set.of("198.18.64.0/26"), config).get(ip("198.18.64.0/26")).communities())
        .containsExactly(64512 << 16 | 7);
    assertThat(compute("node8", Set.of("198.18.64.0/26"), config).get(ip("198.18.64.0/26")).communities())
        .containsExactly(64512 << 16 | 1);
  }
}
