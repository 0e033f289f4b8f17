package io.jcalico.felix.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.datastore.model.BGPPassword;
import io.jcalico.felix.calc.DesiredPeer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** secretKeyRef read from a Secret-volume-like directory, and a desired peer's speaker neighbour. */
class BgpPasswordsFromSecretsDirTest {
  @TempDir
  Path dir;

  @Test
  void aKeyFileIsThePasswordWithoutItsTrailingNewline() throws Exception {
    Files.createDirectories(dir.resolve("bgp-secrets"));
    Files.writeString(dir.resolve("bgp-secrets/tor"), "s3cret\n");
    BgpSecrets.Lookup l = new BgpSecrets(dir).lookup(new BGPPassword.SecretKeyRef("bgp-secrets", "tor", null));
    assertThat(l.password()).isEqualTo("s3cret");
    assertThat(l.problem()).isNull();
  }

  @Test
  void aMissingSecretSaysWhichAndWhere() {
    BgpSecrets.Lookup l = new BgpSecrets(dir).lookup(new BGPPassword.SecretKeyRef("bgp-secrets", "tor", null));
    assertThat(l.password()).isNull();
    assertThat(l.problem()).contains("secret bgp-secrets key tor not found").contains(dir.toString());
  }

  @Test
  void namesThatLeaveTheDirectoryAreRefused() {
    BgpSecrets.Lookup l = new BgpSecrets(dir).lookup(new BGPPassword.SecretKeyRef("..", "passwd", null));
    assertThat(l.password()).isNull();
    assertThat(l.problem()).contains("bad secretKeyRef");
  }

  @Test
  void desiredPeerSessionOptionsBecomeTheNeighboursSettings() {
    var node = new IPAddressString("198.18.0.1").getAddress();
    DesiredPeer p = new DesiredPeer(new IPAddressString("198.18.0.254").getAddress(), 179, 65000,
        DesiredPeer.PeerType.NODE_SPECIFIC, false, false, DesiredPeer.NextHopMode.AUTO, null, "tor",
        new DesiredPeer.SessionOptions(new BGPPassword.SecretKeyRef("s", "k", null), 1, 65010L, Duration.ofSeconds(10),
            2, node));
    NeighborConfig n = NodeBgp.neighborConfig(p, "s3cret");
    assertThat(n.password()).isEqualTo("s3cret");
    assertThat(n.ttlSecurity()).isEqualTo(1);
    assertThat(n.localAsn()).isEqualTo(65010L);
    assertThat(n.keepaliveTime()).isEqualTo(10);
    assertThat(n.allowLocalAs()).isEqualTo(2);
    assertThat(n.localAddress()).isEqualTo("198.18.0.1");
    assertThat(n.families()).containsExactly("ipv4-unicast");
  }
}
