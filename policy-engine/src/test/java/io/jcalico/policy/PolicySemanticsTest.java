package io.jcalico.policy;

import static io.jcalico.policy.Cluster.DB;
import static io.jcalico.policy.Cluster.DEV_CLIENT;
import static io.jcalico.policy.Cluster.OUTSIDE;
import static io.jcalico.policy.Cluster.OUTSIDE_EXCEPTED;
import static io.jcalico.policy.Cluster.PROD_CLIENT;
import static io.jcalico.policy.Cluster.REMOTE_CLIENT;
import static io.jcalico.policy.Cluster.WEB;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.policy.Cluster.Host;
import io.jcalico.policy.PacketWalker.Packet;
import io.jcalico.policy.PacketWalker.Verdict;
import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.Compiler;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.model.PolicyInput;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Calico's policy semantics, end to end through translation and compilation: each case applies
 * v3 (or Kubernetes) policy documents to the {@link Cluster} and runs packets through the
 * compiled chains of both backends' option sets (iptables: 15-port multiport limit; nftables:
 * none), expecting the verdicts Calico gives.
 */
class PolicySemanticsTest {

  record Expect(Packet packet, Verdict verdict, int ipVersion) {
    @Override
    public String toString() {
      return verdict + " " + packet;
    }
  }

  static Expect allow(Packet p) {
    return new Expect(p, Verdict.ACCEPT, p.src().isIPv4() ? 4 : 6);
  }

  static Expect deny(Packet p) {
    return new Expect(p, Verdict.DROP, p.src().isIPv4() ? 4 : 6);
  }

  static Packet tcp(Host from, Host to, int port) {
    return Packet.tcp(from.iface(), to.iface(), from.ip4(), to.ip4(), port);
  }

  static Packet tcp6(Host from, Host to, int port) {
    return Packet.tcp(from.iface(), to.iface(), from.ip6(), to.ip6(), port);
  }

  static Packet udp(Host from, Host to, int port) {
    return Packet.udp(from.iface(), to.iface(), from.ip4(), to.ip4(), port);
  }

  static Packet ping(Host from, Host to, int type) {
    return Packet.icmp(from.iface(), to.iface(), from.ip4(), to.ip4(), type, 0);
  }

  static Arguments c(String name, String yaml, Expect... expectations) {
    return Arguments.of(name, yaml, List.of(expectations));
  }

  static Stream<Arguments> cases() {
    return Stream.of(
        c("no policy: namespace profiles allow everything", "",
            allow(tcp(DEV_CLIENT, WEB, 22)), allow(tcp(WEB, OUTSIDE, 443)), allow(tcp(OUTSIDE, DB, 5432))),
        c("ingress selector: only prod clients reach web on 8080", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: web-in, namespace: prod}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                protocol: TCP
                source: {selector: app == 'client'}
                destination: {ports: [8080]}
            """,
            allow(tcp(PROD_CLIENT, WEB, 8080)), deny(tcp(PROD_CLIENT, WEB, 8081)),
            deny(tcp(DEV_CLIENT, WEB, 8080)), deny(tcp(OUTSIDE, WEB, 8080)),
            allow(tcp(REMOTE_CLIENT, WEB, 8080)), allow(tcp(DEV_CLIENT, DB, 22)), allow(tcp(WEB, DB, 1))),
        c("egress: web may only reach db:5432; ingress to web unaffected", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: web-out, namespace: prod}
            spec:
              selector: app == 'web'
              types: [Egress]
              egress:
              - action: Allow
                protocol: TCP
                destination: {selector: app == 'db', ports: [5432]}
            """,
            allow(tcp(WEB, DB, 5432)), deny(tcp(WEB, DB, 22)), deny(tcp(WEB, OUTSIDE, 443)),
            allow(tcp(DEV_CLIENT, WEB, 80))),
        c("namespaceSelector picks the source namespace", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: from-dev, namespace: prod}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                source: {namespaceSelector: env == 'dev', selector: app == 'client'}
            """,
            allow(tcp(DEV_CLIENT, WEB, 80)), deny(tcp(PROD_CLIENT, WEB, 80))),
        c("nets and notNets", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: outside-in}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                source: {nets: [198.19.0.0/16, 198.20.0.0/16], notNets: [198.19.5.0/24]}
            """,
            allow(tcp(OUTSIDE, WEB, 80)), deny(tcp(OUTSIDE_EXCEPTED, WEB, 80)), deny(tcp(PROD_CLIENT, WEB, 80)),
            allow(Packet.tcp("eth0", "caliweb", "198.20.1.1", "198.18.1.1", 80))),
        c("port ranges and more ports than one multiport match holds", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: many-ports}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                protocol: TCP
                destination: {ports: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "8000:8100", 20, 21, 22, 23]}
            """,
            allow(tcp(OUTSIDE, WEB, 8080)), allow(tcp(OUTSIDE, WEB, 23)), allow(tcp(OUTSIDE, WEB, 1)),
            deny(tcp(OUTSIDE, WEB, 8200)), deny(tcp(OUTSIDE, WEB, 13))),
        c("named port and a number in one rule", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: named}
            spec:
              selector: has(app)
              ingress:
              - action: Allow
                protocol: TCP
                destination: {ports: [http, 9000]}
            """,
            allow(tcp(OUTSIDE, WEB, 8080)), allow(tcp(OUTSIDE, WEB, 9000)), deny(tcp(OUTSIDE, WEB, 8081)),
            deny(tcp(OUTSIDE, DB, 8080)), allow(tcp(OUTSIDE, DB, 9000))),
        c("protocol and notPorts", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: dns-only}
            spec:
              selector: app == 'db'
              ingress:
              - action: Allow
                protocol: UDP
                destination: {ports: ["1:1000"], notPorts: [22, "100:200"]}
            """,
            allow(udp(WEB, DB, 53)), deny(udp(WEB, DB, 150)), deny(tcp(WEB, DB, 53)), deny(udp(WEB, DB, 2000))),
        c("notProtocol", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: no-tcp}
            spec:
              selector: app == 'db'
              ingress:
              - action: Allow
                notProtocol: TCP
            """,
            allow(udp(WEB, DB, 53)), deny(tcp(WEB, DB, 53)), allow(ping(WEB, DB, 8))),
        c("icmp and notICMP", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: ping}
            spec:
              selector: app == 'db'
              ingress:
              - action: Deny
                protocol: ICMP
                notICMP: {type: 8}
              - action: Allow
                protocol: ICMP
                icmp: {type: 8, code: 0}
            """,
            allow(ping(WEB, DB, 8)), deny(ping(WEB, DB, 13)), deny(tcp(WEB, DB, 80))),
        c("order: an earlier deny beats a later allow", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: deny-clients}
            spec:
              order: 10
              selector: app == 'web'
              ingress:
              - action: Deny
                source: {selector: app == 'client'}
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: allow-all, namespace: prod}
            spec:
              order: 100
              selector: all()
              ingress: [{action: Allow}]
            """,
            deny(tcp(PROD_CLIENT, WEB, 80)), allow(tcp(DB, WEB, 80)), allow(tcp(PROD_CLIENT, DB, 80))),
        c("Pass skips the rest of the tier and falls to the profiles", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: pass-prod}
            spec:
              order: 1
              selector: all()
              ingress:
              - action: Pass
                source: {namespaceSelector: env == 'prod'}
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: deny-rest}
            spec:
              order: 2
              selector: all()
              ingress: [{action: Deny}]
            """,
            allow(tcp(PROD_CLIENT, WEB, 80)), allow(tcp(REMOTE_CLIENT, WEB, 80)), deny(tcp(DEV_CLIENT, WEB, 80))),
        c("Log logs and goes on", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: log-then-allow}
            spec:
              selector: app == 'web'
              ingress: [{action: Log}, {action: Allow, protocol: TCP}]
            """,
            allow(tcp(OUTSIDE, WEB, 80)), deny(udp(OUTSIDE, WEB, 80))),
        c("selected with no rules: default deny for that direction only", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: isolate-db, namespace: prod}
            spec:
              selector: app == 'db'
              types: [Ingress]
            """,
            deny(tcp(WEB, DB, 5432)), allow(tcp(DB, WEB, 80)), allow(tcp(DB, OUTSIDE, 80))),
        c("types: an Egress-only policy leaves ingress alone", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: egress-only, namespace: prod}
            spec:
              selector: app == 'db'
              types: [Egress]
              ingress: [{action: Deny}]
              egress: [{action: Allow, destination: {nets: [198.19.0.0/16]}}]
            """,
            allow(tcp(WEB, DB, 5432)), allow(tcp(DB, OUTSIDE, 80)), deny(tcp(DB, WEB, 80))),
        c("Kubernetes NetworkPolicy: pods of the namespace on a port", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - from: [{podSelector: {matchLabels: {app: client}}}]
                ports: [{protocol: TCP, port: 8080}]
            """,
            allow(tcp(PROD_CLIENT, WEB, 8080)), deny(tcp(DEV_CLIENT, WEB, 8080)), deny(tcp(PROD_CLIENT, WEB, 80)),
            allow(tcp(WEB, OUTSIDE, 80))),
        c("Kubernetes ipBlock with except", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: outside, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - from: [{ipBlock: {cidr: 198.19.0.0/16, except: [198.19.5.0/24]}}]
            """,
            allow(tcp(OUTSIDE, WEB, 80)), deny(tcp(OUTSIDE_EXCEPTED, WEB, 80)), deny(tcp(PROD_CLIENT, WEB, 80))),
        c("Kubernetes port range (endPort), named port and namespaceSelector", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: ranges, namespace: prod}
            spec:
              podSelector: {}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {env: dev}}, podSelector: {matchExpressions: [{key: app, operator: In, values: [client]}]}}]
                ports: [{protocol: TCP, port: 8000, endPort: 8010}, {protocol: TCP, port: http}]
            """,
            allow(tcp(DEV_CLIENT, WEB, 8005)), allow(tcp(DEV_CLIENT, WEB, 8080)), deny(tcp(DEV_CLIENT, DB, 8080)),
            deny(tcp(DEV_CLIENT, WEB, 8011)), deny(tcp(PROD_CLIENT, WEB, 8005))),
        c("Kubernetes egress policy with an empty rule list denies all egress", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: no-egress, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Egress]
            """,
            deny(tcp(DB, WEB, 80)), allow(tcp(WEB, DB, 5432))),
        c("serviceAccounts by name", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: by-account}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                source: {serviceAccounts: {names: [client-sa]}}
            """,
            allow(tcp(PROD_CLIENT, WEB, 80)), allow(tcp(DEV_CLIENT, WEB, 80)), deny(tcp(DB, WEB, 80))),
        c("notSelector", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: not-clients, namespace: prod}
            spec:
              selector: app == 'db'
              ingress:
              - action: Allow
                source: {notSelector: app == 'client'}
            """,
            allow(tcp(WEB, DB, 5432)), deny(tcp(PROD_CLIENT, DB, 5432)), deny(tcp(OUTSIDE, DB, 5432))),
        c("global() namespaceSelector matches no pod", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: global-only, namespace: prod}
            spec:
              selector: app == 'db'
              ingress:
              - action: Allow
                source: {namespaceSelector: global()}
            """,
            deny(tcp(WEB, DB, 5432)), deny(tcp(OUTSIDE, DB, 5432))),
        c("IPv6: the same policy in the IPv6 dataplane", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: v6}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                protocol: TCP
                source: {selector: app == 'client'}
              - action: Allow
                ipVersion: 6
                source: {nets: ["fd00::9:0/112"]}
            """,
            allow(tcp6(PROD_CLIENT, WEB, 80)), allow(tcp6(OUTSIDE, WEB, 80)), deny(tcp(OUTSIDE, WEB, 80)),
            deny(tcp6(DB, WEB, 80))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void verdictsAsCalico(String name, String yaml, List<Expect> expectations) {
    PolicyInput input = Cluster.with(yaml);
    for (CompileOptions options : List.of(CompileOptions.IPTABLES, CompileOptions.NFTABLES)) {
      DesiredState state = new Compiler(options).compile(input);
      for (Expect e : expectations) {
        PacketWalker walker = new PacketWalker(state.family(e.ipVersion()));
        assertThat(walker.forward(e.packet())).as("%s with %s ports per rule", e, options.maxPortsPerRule()).isEqualTo(e.verdict());
      }
    }
  }
}
