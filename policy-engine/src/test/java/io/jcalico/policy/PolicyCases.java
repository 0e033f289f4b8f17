package io.jcalico.policy;

import static io.jcalico.policy.Cluster.DB;
import static io.jcalico.policy.Cluster.DCL;
import static io.jcalico.policy.Cluster.OUT;
import static io.jcalico.policy.Cluster.OUTX;
import static io.jcalico.policy.Cluster.PCL;
import static io.jcalico.policy.Cluster.RCL;
import static io.jcalico.policy.Cluster.WEB;

import io.jcalico.policy.Cluster.Host;
import java.util.List;
import java.util.stream.Stream;

/**
 * The policy case table, one for every test that checks Calico's semantics: each case is policy
 * documents for the {@link Cluster} and the conversations they must let through or drop. The
 * pure semantics test walks each conversation's first packet through node1's compiled chains;
 * felix-agent's traffic tests send it for real (TCP connect, UDP request/answer, ICMP echo) with
 * both kernel backends. So every conversation uses what the traffic lab offers: the ports in
 * {@link #TCP_PORTS} and {@link #UDP_PORTS}, echo requests, the cluster's addresses. Every case
 * also checks some traffic the policy must leave alone.
 */
public final class PolicyCases {

  /** The ports every pod and the outside host answer on in the traffic lab. */
  public static final List<Integer> TCP_PORTS = List.of(80, 443, 5432, 8080, 9005, 9100);
  public static final List<Integer> UDP_PORTS = List.of(53, 9005);

  public enum Protocol { TCP, UDP, ICMP }

  /** What a conversation tries: TCP or UDP to a port, or an echo request, over IPv4 or IPv6. */
  public record Probe(Host to, Protocol protocol, int port, int ipVersion) {
    /** {@code tcp:ADDR:PORT}, {@code udp:ADDR:PORT} or {@code icmp:ADDR}, as the traffic lab takes it. */
    @Override
    public String toString() {
      String addr = to.ip(ipVersion);
      return switch (protocol) {
        case TCP -> "tcp:" + addr + ":" + port;
        case UDP -> "udp:" + addr + ":" + port;
        case ICMP -> "icmp:" + addr;
      };
    }
  }

  /** A conversation from a host and whether it must get through. */
  public record Expect(Host from, Probe probe, boolean allowed) {
    @Override
    public String toString() {
      return from.name() + " -> " + probe + (allowed ? " allowed" : " denied");
    }
  }

  /** Named policy documents (may be empty: the cluster alone) and what they must do. */
  public record Case(String name, String yaml, List<Expect> expectations) {
    @Override
    public String toString() {
      return name;
    }
  }

  private PolicyCases() {}

  public static Probe tcp(Host to, int port) {
    return new Probe(to, Protocol.TCP, port, 4);
  }

  public static Probe udp(Host to, int port) {
    return new Probe(to, Protocol.UDP, port, 4);
  }

  public static Probe ping(Host to) {
    return new Probe(to, Protocol.ICMP, 0, 4);
  }

  public static Probe tcp6(Host to, int port) {
    return new Probe(to, Protocol.TCP, port, 6);
  }

  public static Probe udp6(Host to, int port) {
    return new Probe(to, Protocol.UDP, port, 6);
  }

  public static Probe ping6(Host to) {
    return new Probe(to, Protocol.ICMP, 0, 6);
  }

  public static Expect ok(Host from, Probe p) {
    return new Expect(from, p, true);
  }

  public static Expect no(Host from, Probe p) {
    return new Expect(from, p, false);
  }

  private static Case c(String name, String yaml, Expect... expectations) {
    return new Case(name, yaml, List.of(expectations));
  }

  public static Stream<Case> cases() {
    return Stream.of(
        c("no policy: the namespace profiles allow everything", "",
            ok(DCL, tcp(WEB, 80)), ok(WEB, tcp(OUT, 443)), ok(OUT, tcp(DB, 5432)), ok(RCL, udp(WEB, 53)),
            ok(PCL, ping(DB)), ok(WEB, ping(RCL)), ok(DCL, tcp6(WEB, 80)), ok(RCL, udp6(WEB, 53)), ok(OUT, tcp6(DB, 5432)),
            ok(WEB, ping6(RCL))),
        c("ingress selector and port: clients of web's namespace on 8080 only", """
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
            ok(PCL, tcp(WEB, 8080)), no(PCL, tcp(WEB, 80)), no(DCL, tcp(WEB, 8080)), ok(RCL, tcp(WEB, 8080)),
            no(OUT, tcp(WEB, 8080)), no(PCL, ping(WEB)), ok(DCL, tcp(DB, 80)), ok(WEB, tcp(DB, 80))),
        c("selected with no rules: default deny for that direction only, allow where no policy selects", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: db-closed, namespace: prod}
            spec:
              selector: app == 'db'
              types: [Ingress]
            """,
            no(PCL, tcp(DB, 5432)), no(WEB, udp(DB, 53)), no(PCL, ping(DB)), ok(DB, tcp(WEB, 80)), ok(DB, tcp(OUT, 80)),
            ok(PCL, tcp(WEB, 80))),
        c("types: an Egress-only policy leaves ingress alone, whatever ingress rules it has", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: egress-only, namespace: prod}
            spec:
              selector: app == 'db'
              types: [Egress]
              ingress: [{action: Deny}]
              egress: [{action: Allow, destination: {nets: [198.19.0.0/16]}}]
            """,
            ok(WEB, tcp(DB, 5432)), ok(DB, tcp(OUT, 80)), no(DB, tcp(WEB, 80))),
        c("egress: web may reach db:5432 only; its ingress is unaffected", """
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
            ok(WEB, tcp(DB, 5432)), no(WEB, tcp(DB, 80)), no(WEB, tcp(OUT, 443)), no(WEB, udp(DB, 53)),
            ok(DCL, tcp(WEB, 80)), ok(PCL, tcp(DB, 80))),
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
            ok(DCL, tcp(WEB, 80)), no(PCL, tcp(WEB, 80)), no(RCL, tcp(WEB, 80)), ok(PCL, tcp(DB, 80))),
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
            no(WEB, tcp(DB, 5432)), no(OUT, tcp(DB, 5432)), ok(OUT, tcp(WEB, 80))),
        c("global policy scoped to the dev namespace by namespaceSelector", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: dev-from-outside}
            spec:
              namespaceSelector: env == 'dev'
              types: [Ingress]
              ingress: [{action: Allow, source: {nets: [198.19.0.0/16]}}]
            """,
            ok(OUT, tcp(DCL, 80)), no(PCL, tcp(DCL, 80)), no(WEB, ping(DCL)), ok(PCL, tcp(WEB, 80)), ok(OUT, tcp(WEB, 80))),
        c("nets with notNets", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: outside-in}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                source: {nets: [198.19.0.0/16, 198.20.0.0/16], notNets: [198.19.5.0/24]}
            """,
            ok(OUT, tcp(WEB, 80)), ok(OUT, udp(WEB, 53)), no(OUTX, tcp(WEB, 80)), no(PCL, tcp(WEB, 80)),
            ok(OUTX, tcp(DB, 80))),
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
            ok(PCL, tcp(WEB, 8080)), ok(RCL, tcp(WEB, 8080)), no(DCL, tcp(WEB, 8080)), no(PCL, tcp(WEB, 80)),
            ok(WEB, tcp(OUT, 80))),
        c("Kubernetes ipBlock with except, on one port", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web-ipblock, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress:
              - from: [{ipBlock: {cidr: 198.19.0.0/16, except: [198.19.5.0/24]}}]
                ports: [{protocol: TCP, port: 80}]
            """,
            ok(OUT, tcp(WEB, 80)), no(OUT, tcp(WEB, 443)), no(OUTX, tcp(WEB, 80)), no(PCL, tcp(WEB, 80)),
            ok(OUT, tcp(DB, 443))),
        c("Kubernetes podSelector and namespaceSelector peers", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: db-peers, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Ingress]
              ingress:
              - from:
                - podSelector: {matchLabels: {app: web}}
                - namespaceSelector: {matchLabels: {env: dev}}
            """,
            ok(WEB, tcp(DB, 5432)), ok(DCL, tcp(DB, 5432)), no(PCL, tcp(DB, 5432)), no(RCL, tcp(DB, 5432)),
            ok(PCL, tcp(WEB, 5432))),
        c("Kubernetes port range (endPort), named port and both selectors in one peer", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: ranges, namespace: prod}
            spec:
              podSelector: {}
              ingress:
              - from: [{namespaceSelector: {matchLabels: {env: dev}}, podSelector: {matchExpressions: [{key: app, operator: In, values: [client]}]}}]
                ports: [{protocol: TCP, port: 9000, endPort: 9010}, {protocol: TCP, port: http}]
            """,
            ok(DCL, tcp(WEB, 9005)), ok(DCL, tcp(WEB, 8080)), no(DCL, tcp(DB, 8080)), no(DCL, tcp(WEB, 9100)),
            no(PCL, tcp(WEB, 9005))),
        c("Kubernetes UDP port with endPort", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: udp-range, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress: [{ports: [{protocol: UDP, port: 9000, endPort: 9010}]}]
            """,
            ok(PCL, udp(WEB, 9005)), no(PCL, udp(WEB, 53)), no(PCL, tcp(WEB, 9005)), ok(DCL, udp(WEB, 9005))),
        c("Kubernetes egress policy with an empty rule list denies all egress", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: no-egress, namespace: prod}
            spec:
              podSelector: {matchLabels: {app: db}}
              policyTypes: [Egress]
            """,
            no(DB, tcp(WEB, 80)), no(DB, ping(OUT)), ok(WEB, tcp(DB, 5432))),
        c("port range", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: range, namespace: prod}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, protocol: TCP, destination: {ports: ["9000:9010"]}}]
            """,
            ok(PCL, tcp(WEB, 9005)), no(PCL, tcp(WEB, 9100)), no(PCL, tcp(WEB, 8080)), no(PCL, udp(WEB, 9005))),
        c("more ports than one iptables multiport match holds (15)", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: many-ports}
            spec:
              selector: app == 'web'
              ingress:
              - action: Allow
                protocol: TCP
                destination: {ports: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, "8000:8100", 20, 21, 22, 9005]}
            """,
            ok(OUT, tcp(WEB, 8080)), ok(OUT, tcp(WEB, 9005)), no(OUT, tcp(WEB, 9100)), no(OUT, tcp(WEB, 443))),
        c("UDP only", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: dns, namespace: prod}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, protocol: UDP, destination: {ports: [53]}}]
            """,
            ok(DCL, udp(WEB, 53)), no(DCL, udp(WEB, 9005)), no(DCL, tcp(WEB, 80)), no(DCL, ping(WEB))),
        c("protocol with ports and notPorts", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: dns-only}
            spec:
              selector: app == 'db'
              ingress:
              - action: Allow
                protocol: UDP
                destination: {ports: ["1:10000"], notPorts: [22, "9000:9100"]}
            """,
            ok(WEB, udp(DB, 53)), no(WEB, udp(DB, 9005)), no(WEB, tcp(DB, 80))),
        c("notProtocol", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: no-tcp}
            spec:
              selector: app == 'db'
              ingress: [{action: Allow, notProtocol: TCP}]
            """,
            ok(WEB, udp(DB, 53)), no(WEB, tcp(DB, 5432)), ok(WEB, ping(DB))),
        c("ICMP echo request only", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: ping, namespace: prod}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, protocol: ICMP, icmp: {type: 8}}]
            """,
            ok(PCL, ping(WEB)), ok(OUT, ping(WEB)), no(PCL, tcp(WEB, 80)), no(PCL, udp(WEB, 53))),
        c("icmp with code and notICMP", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: ping-only}
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
            ok(WEB, ping(DB)), no(WEB, tcp(DB, 80)), ok(WEB, ping(PCL))),
        c("Deny ICMP by a lower order, allow the rest", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: no-ping}
            spec:
              order: 10
              selector: has(app)
              ingress: [{action: Deny, protocol: ICMP}]
            ---
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: allow-rest}
            spec:
              order: 20
              selector: has(app)
              ingress: [{action: Allow}]
            """,
            no(PCL, ping(WEB)), no(WEB, ping(DB)), ok(PCL, tcp(WEB, 80)), ok(OUT, udp(DB, 53))),
        c("order: the lower order's Allow wins over a later Deny", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: deny-all-80, namespace: prod}
            spec:
              order: 200
              selector: app == 'web'
              ingress: [{action: Deny, protocol: TCP, destination: {ports: [80]}}, {action: Allow}]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: allow-pcl-80, namespace: prod}
            spec:
              order: 100
              selector: app == 'web'
              ingress: [{action: Allow, source: {selector: app == 'client'}}]
            """,
            ok(PCL, tcp(WEB, 80)), ok(RCL, tcp(WEB, 80)), no(DCL, tcp(WEB, 80)), ok(DCL, tcp(WEB, 443))),
        c("order: an earlier global Deny beats a later namespaced Allow", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: deny-clients}
            spec:
              order: 10
              selector: app == 'web'
              ingress: [{action: Deny, source: {selector: app == 'client'}}]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: allow-all, namespace: prod}
            spec:
              order: 100
              selector: all()
              ingress: [{action: Allow}]
            """,
            no(PCL, tcp(WEB, 80)), no(DCL, tcp(WEB, 80)), ok(DB, tcp(WEB, 80)), ok(PCL, tcp(DB, 80))),
        c("Pass skips the rest of the tier to the profile", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: pass-prod}
            spec:
              order: 1
              selector: all()
              ingress: [{action: Pass, source: {namespaceSelector: env == 'prod'}}]
            ---
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: deny-web, namespace: prod}
            spec:
              order: 100
              selector: app == 'web'
              ingress: [{action: Deny}]
            """,
            ok(PCL, tcp(WEB, 80)), ok(RCL, tcp(WEB, 80)), no(DCL, tcp(WEB, 80)), no(OUT, tcp(WEB, 80)),
            no(OUT, tcp(DB, 80)), ok(PCL, tcp(DB, 80))),
        c("Log logs and goes on", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: log-then-allow}
            spec:
              selector: app == 'web'
              ingress: [{action: Log}, {action: Allow, protocol: TCP}]
            """,
            ok(OUT, tcp(WEB, 80)), no(OUT, udp(WEB, 53))),
        c("Deny rule before Allow in one policy", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: not-dev, namespace: prod}
            spec:
              selector: app == 'web'
              ingress:
              - action: Deny
                source: {namespaceSelector: env == 'dev'}
              - action: Log
              - action: Allow
            """,
            no(DCL, tcp(WEB, 80)), no(DCL, ping(WEB)), ok(PCL, tcp(WEB, 80)), ok(OUT, tcp(WEB, 80))),
        c("notPorts", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: not-80, namespace: prod}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, protocol: TCP, destination: {notPorts: [80, 443]}}]
            """,
            ok(PCL, tcp(WEB, 8080)), ok(PCL, tcp(WEB, 5432)), no(PCL, tcp(WEB, 80)), no(PCL, tcp(WEB, 443))),
        c("named port of the destination endpoint and a number in one rule", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: named}
            spec:
              selector: has(app)
              ingress: [{action: Allow, protocol: TCP, destination: {ports: [http, 9005]}}]
            """,
            ok(OUT, tcp(WEB, 8080)), ok(DCL, tcp(WEB, 9005)), no(DCL, tcp(WEB, 80)), no(OUT, tcp(WEB, 9100)),
            no(OUT, tcp(DB, 8080)), ok(OUT, tcp(DB, 9005))),
        c("service account of the source", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: by-account, namespace: prod}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, source: {serviceAccounts: {names: [client-sa]}}}]
            """,
            ok(PCL, tcp(WEB, 80)), no(RCL, tcp(WEB, 80)), no(DCL, tcp(WEB, 80)), no(DB, tcp(WEB, 80))),
        c("egress to nets only", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: web-to-outside, namespace: prod}
            spec:
              selector: app == 'web'
              types: [Egress]
              egress: [{action: Allow, destination: {nets: [198.19.0.0/24]}}]
            """,
            ok(WEB, tcp(OUT, 443)), ok(WEB, ping(OUT)), no(WEB, tcp(OUTX, 443)), no(WEB, tcp(DB, 5432)),
            ok(DB, tcp(WEB, 80))),
        c("egress selector reaches a pod on another node through the selector's IP set", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: web-to-clients, namespace: prod}
            spec:
              selector: app == 'web'
              types: [Egress]
              egress: [{action: Allow, destination: {selector: app == 'client'}}]
            """,
            ok(WEB, tcp(RCL, 80)), ok(WEB, udp(PCL, 53)), no(WEB, tcp(DCL, 80)), no(WEB, tcp(DB, 80)),
            no(WEB, tcp(OUT, 80))),
        c("egress Deny to a selector, Allow the rest, on a global policy", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: clients-not-db}
            spec:
              selector: app == 'client'
              types: [Egress]
              egress: [{action: Deny, destination: {selector: app == 'db'}}, {action: Allow}]
            """,
            no(PCL, tcp(DB, 5432)), no(DCL, ping(DB)), ok(PCL, tcp(WEB, 80)), ok(WEB, tcp(DB, 5432))),
        c("profile rules apply when no policy selects the endpoint", """
            apiVersion: projectcalico.org/v3
            kind: Profile
            metadata: {name: kns.dev}
            spec:
              ingress: [{action: Allow, source: {selector: app == 'web'}}]
              egress: [{action: Allow}]
              labelsToApply: {pcns.env: dev, pcns.projectcalico.org/name: dev}
            """,
            ok(WEB, tcp(DCL, 80)), no(PCL, tcp(DCL, 80)), no(OUT, ping(DCL)), ok(DCL, tcp(WEB, 80))),
        c("notSelector on the source, global: outside hosts match it", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: not-clients}
            spec:
              selector: app == 'db'
              ingress: [{action: Allow, source: {notSelector: app == 'client'}}]
            """,
            ok(WEB, tcp(DB, 5432)), ok(OUT, tcp(DB, 5432)), no(PCL, tcp(DB, 5432)), no(RCL, tcp(DB, 5432))),
        c("notSelector on the source, namespaced: only the namespace's endpoints match it", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: not-clients, namespace: prod}
            spec:
              selector: app == 'db'
              ingress: [{action: Allow, source: {notSelector: app == 'client'}}]
            """,
            ok(WEB, tcp(DB, 5432)), no(PCL, tcp(DB, 5432)), no(OUT, tcp(DB, 5432))),
        c("IPv6: ingress by selector, in both families", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: web-in-v6, namespace: prod}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, protocol: TCP, source: {selector: app == 'client'}}]
            """,
            ok(PCL, tcp6(WEB, 80)), ok(RCL, tcp6(WEB, 443)), no(DCL, tcp6(WEB, 80)), no(DB, tcp6(WEB, 80)),
            no(PCL, ping6(WEB)), no(OUT, tcp6(WEB, 80)), ok(PCL, tcp(WEB, 80)), no(DCL, tcp(WEB, 80)),
            ok(DCL, tcp6(DB, 80))),
        c("IPv6: ingress by nets, IPv6 only", """
            apiVersion: projectcalico.org/v3
            kind: GlobalNetworkPolicy
            metadata: {name: outside-in-v6}
            spec:
              selector: app == 'web'
              ingress: [{action: Allow, ipVersion: 6, source: {nets: ["fd00::9:0/112"]}}]
            """,
            ok(OUT, tcp6(WEB, 80)), ok(OUT, ping6(WEB)), no(OUTX, tcp6(WEB, 80)), no(PCL, tcp6(WEB, 80)),
            no(OUT, tcp(WEB, 80)), ok(OUTX, tcp6(DB, 80))),
        c("IPv6: egress Deny to nets, Allow the rest", """
            apiVersion: projectcalico.org/v3
            kind: NetworkPolicy
            metadata: {name: web-not-node2-v6, namespace: prod}
            spec:
              selector: app == 'web'
              types: [Egress]
              egress: [{action: Deny, destination: {nets: ["fd00::2:0/112"]}}, {action: Allow}]
            """,
            no(WEB, tcp6(RCL, 80)), no(WEB, ping6(RCL)), ok(WEB, tcp6(DB, 5432)), ok(WEB, tcp6(OUT, 443)),
            ok(WEB, tcp(RCL, 80)), ok(DB, tcp6(RCL, 80))));
  }
}
