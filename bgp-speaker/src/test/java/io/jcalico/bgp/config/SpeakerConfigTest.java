package io.jcalico.bgp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.bgp.BgpSpeakerMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The YAML config format, and the command line around it. */
class SpeakerConfigTest {
    static final String YAML = """
            routerId: 198.18.0.1
            asn: 65001
            listenAddress: 127.0.0.1
            listenPort: 10179
            clusterId: 198.18.0.1
            holdTime: 30
            restarting: true
            forwardingPreserved: [ipv4-unicast]
            stalePathTime: 120
            api: unix:///run/jcalico/bgp.sock
            neighbors:
              - address: 127.0.0.2
                port: 10180
                asn: 65002
                passive: true
                holdTime: 9
                nextHopV4: 198.18.0.1
                nextHopV6: fd00::1
                families: [ipv4-unicast, ipv6-unicast]
                importPolicy: from-tor
                maxPrefixes: 1000
                password: tor-md5-key
                ttlSecurity: 1
                localAsn: 65010
                keepaliveTime: 10
                allowLocalAs: 2
              - {address: 127.0.0.3, asn: 65001, routeReflectorClient: true}
            staticRoutes:
              - {prefix: 198.18.64.0/26, communities: ["65001:100"]}
            policies:
              from-tor:
                defaultAction: reject
                statements:
                  - prefixes: ["198.18.0.0/15 le 26"]
                    asPath: "^65002"
                    action: accept
                    setLocalPref: 200
            """;

    @Test
    void everyFieldIsRead() {
        SpeakerConfig c = SpeakerConfig.parse(YAML);
        assertThat(c.asn()).isEqualTo(65001);
        assertThat(c.clusterId()).isEqualTo("198.18.0.1");
        assertThat(c.restarting()).isTrue();
        assertThat(c.forwardingPreserved()).containsExactly("ipv4-unicast");
        assertThat(c.stalePathTime()).isEqualTo(120);
        assertThat(c.neighbors()).hasSize(2);
        NeighborConfig n = c.neighbors().get(0);
        assertThat(n.passive()).isTrue();
        assertThat(n.nextHopV6()).isEqualTo("fd00::1");
        assertThat(n.maxPrefixes()).isEqualTo(1000);
        assertThat(n.password()).isEqualTo("tor-md5-key");
        assertThat(n.ttlSecurity()).isEqualTo(1);
        assertThat(n.localAsn()).isEqualTo(65010L);
        assertThat(n.keepaliveTime()).isEqualTo(10);
        assertThat(n.allowLocalAs()).isEqualTo(2);
        assertThat(n.toString()).doesNotContain("tor-md5-key").contains("password set");
        assertThat(c.neighbors().get(1).password()).isNull();
        assertThat(c.neighbors().get(1).routeReflectorClient()).isTrue();
        assertThat(c.staticRoutes().get(0).communities()).containsExactly("65001:100");
        assertThat(c.policies().get("from-tor").statements().get(0).setLocalPref()).isEqualTo(200);
        assertThat(SpeakerConfig.parse(c.toYaml())).isEqualTo(c);
    }

    @Test
    void unknownKeysAndMissingRequiredFieldsAreErrors() {
        assertThatThrownBy(() -> SpeakerConfig.parse("routerId: 1.1.1.1\nasn: 1\nlistenPrt: 5\n"))
                .hasMessageContaining("listenPrt");
        assertThatThrownBy(() -> SpeakerConfig.parse("asn: 1\n")).hasMessageContaining("routerId");
    }

    @Test
    void helpDescribesTheCommandLine() {
        StringWriter out = new StringWriter();
        int rc = new CommandLine(new BgpSpeakerMain()).setOut(new PrintWriter(out)).execute("--help");
        assertThat(rc).isZero();
        assertThat(out.toString()).contains("--config").contains("--api");
    }
}
