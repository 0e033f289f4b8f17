package io.jcalico.felix.cni;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NetConfParsingTest {

  private static NetConf parse(String json) throws CniException {
    return NetConf.parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static CniException failure(String json) {
    try {
      parse(json);
    } catch (CniException e) {
      return e;
    }
    throw new AssertionError("accepted " + json);
  }

  @Test
  void readsCalicosConflistEntry() throws CniException {
    NetConf c = parse("""
        {"cniVersion":"1.0.0","name":"k8s-pod-network","type":"calico","log_level":"debug",
         "datastore_type":"etcdv3","etcd_endpoints":"http://198.18.0.1:2379, http://198.18.0.2:2379",
         "mtu":1440,"nodename":"node-1","policy":{"type":"k8s"},
         "ipam":{"type":"calico-ipam","assign_ipv6":"true","ipv4_pools":["default-ipv4-ippool"],"ipv6_pools":["fd00::/48"]},
         "dns":{"nameservers":["198.18.0.53"],"search":["svc.cluster.local"]},
         "runtimeConfig":{"portMappings":[{"hostPort":8080,"containerPort":80,"protocol":"tcp"}]},
         "capabilities":{"portMappings":true}}
        """);
    assertThat(c.cniVersion()).isEqualTo("1.0.0");
    assertThat(c.name()).isEqualTo("k8s-pod-network");
    assertThat(c.type()).isEqualTo("calico");
    assertThat(c.logLevel()).isEqualTo("debug");
    assertThat(c.datastoreType()).isEqualTo("etcdv3");
    assertThat(c.etcdEndpoints()).containsExactly("http://198.18.0.1:2379", "http://198.18.0.2:2379");
    assertThat(c.mtu()).isEqualTo(1440);
    assertThat(c.nodename()).isEqualTo("node-1");
    assertThat(c.policyType()).isEqualTo("k8s");
    assertThat(c.ipam()).isEqualTo(new NetConf.Ipam("calico-ipam", true, true,
        java.util.List.of("default-ipv4-ippool"), java.util.List.of("fd00::/48")));
    assertThat(c.dns().nameservers()).containsExactly(new IPAddressString("198.18.0.53").getAddress());
    assertThat(c.dns().search()).containsExactly("svc.cluster.local");
    assertThat(c.runtimeConfig().get("portMappings").get(0).get("hostPort").intValue()).isEqualTo(8080);
    assertThat(c.prevResult()).isEmpty();
  }

  @Test
  void defaults() throws CniException {
    NetConf c = parse("{\"name\":\"n\"}");
    assertThat(c.cniVersion()).isEqualTo("0.1.0"); // as libcni reads a config without one
    assertThat(c.mtu()).isZero();
    assertThat(c.datastoreType()).isEqualTo("etcdv3");
    assertThat(c.ipam().assignIpv4()).isTrue();
    assertThat(c.ipam().assignIpv6()).isFalse();
    assertThat(c.dns()).isEqualTo(CniResult.Dns.EMPTY);
    assertThat(c.runtimeConfig().isEmpty()).isTrue();
  }

  @Test
  void keepsPrevResult() throws CniException {
    NetConf c = parse("{\"name\":\"n\",\"prevResult\":{\"cniVersion\":\"1.0.0\",\"ips\":[]}}");
    assertThat(c.prevResult()).isPresent();
    assertThat(c.prevResult().get().get("ips").isArray()).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(delimiter = '|', value = {
      "''                                  | empty input",
      "'{'                                  | Unexpected end-of-input",
      "'[1,2]'                              | not a JSON object",
      "'{\"name\":\"n\"} trailing'          | Unrecognized token 'trailing'",
  })
  void undecodableConfigIsCode6(String json, String detail) {
    CniException e = failure(json);
    assertThat(e.code().code()).isEqualTo(6);
    assertThat(e.msg()).isEqualTo("error decoding network config");
    assertThat(e.details()).contains(detail);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"name\":7}                                      | name must be a string",
      "{\"name\":\"n\",\"cniVersion\":1}                 | cniVersion must be a string",
      "{\"name\":\"n\",\"mtu\":\"1500\"}                 | mtu must be an integer",
      "{\"name\":\"n\",\"ipam\":[]}                      | ipam must be an object",
      "{\"name\":\"n\",\"ipam\":{\"ipv4_pools\":\"p\"}}  | ipam.ipv4_pools must be an array",
      "{\"name\":\"n\",\"prevResult\":\"x\"}             | prevResult must be an object",
  })
  void wrongJsonTypesAreCode6(String json, String msg) {
    CniException e = failure(json);
    assertThat(e.code().code()).isEqualTo(6);
    assertThat(e.msg()).isEqualTo(msg);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"cniVersion\":\"1.0.0\"}                                    | missing network name",
      "{\"name\":\"n\",\"mtu\":10}                                   | mtu must be between 68 and 65535",
      "{\"name\":\"n\",\"mtu\":70000}                                | mtu must be between 68 and 65535",
      "{\"name\":\"n\",\"datastore_type\":\"kubernetes\"}            | unsupported datastore_type \"kubernetes\"",
      "{\"name\":\"n\",\"log_level\":\"loud\"}                       | unknown log_level \"loud\"",
      "{\"name\":\"n\",\"ipam\":{\"assign_ipv4\":\"yes\"}}           | ipam.assign_ipv4 must be \"true\" or \"false\"",
      "{\"name\":\"n\",\"ipam\":{\"assign_ipv4\":\"false\"}}         | ipam assigns no address",
      "{\"name\":\"n\",\"dns\":{\"nameservers\":[\"not-an-ip\"]}}    | dns.nameservers: invalid IP address \"not-an-ip\"",
  })
  void nonsenseValuesAreCode7(String json, String msg) {
    CniException e = failure(json);
    assertThat(e.code().code()).isEqualTo(7);
    assertThat(e.msg()).isEqualTo(msg);
  }

  @Test
  void booleanIpamFlagsAreTakenToo() throws CniException {
    assertThat(parse("{\"name\":\"n\",\"ipam\":{\"assign_ipv6\":true}}").ipam().assignIpv6()).isTrue();
  }
}
