package io.jcalico.felix.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.server.PeerStatus;
import io.jcalico.datastore.model.BGPPassword;
import io.jcalico.felix.calc.DesiredPeer;
import io.jcalico.felix.driver.route.RouteReconciler;
import io.jcalico.felix.shim.ManualScheduler;
import io.jcalico.felix.testing.FakeNetlink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A BGPPeer whose password Secret cannot be read is not started: node status shows it Idle with the
 * reason; once the Secret is there the neighbour is added with the key, and a changed key replaces it.
 */
class PasswordPeerWaitsForItsSecretTest {
  @TempDir Path secrets;
  private NodeBgp node;

  @AfterEach
  void stop() {
    if (node != null) node.close();
  }

  private static DesiredPeer peerWithPassword() {
    return new DesiredPeer(new IPAddressString("127.0.82.2").getAddress(), 17900, 65002,
        DesiredPeer.PeerType.GLOBAL, true, false, false, Duration.ofSeconds(120), "tor",
        new DesiredPeer.SessionOptions(new BGPPassword.SecretKeyRef("bgp", "tor", null), 0, null, null, 0, null));
  }

  private PeerStatus statusOfTheOnlyPeer() {
    List<PeerStatus> all = node.status();
    assertThat(all).hasSize(1);
    return all.get(0);
  }

  @Test
  void aMissingSecretKeepsThePeerIdleUntilItAppears() throws IOException {
    RouteReconciler routes = new RouteReconciler(new FakeNetlink(), new ManualScheduler(), RouteReconciler.Config.DEFAULT);
    node = new NodeBgp(routes, "198.18.82.1", "127.0.0.1", 120, false, new BgpSecrets(secrets));
    node.ensureRunning(64512, 0, null, 120);
    List<DesiredPeer> desired = List.of(peerWithPassword());

    node.setPeers(desired, Map.of());
    PeerStatus blocked = statusOfTheOnlyPeer();
    assertThat(blocked.lastError()).startsWith("BGP password: ").contains("bgp").contains("tor");
    assertThat(blocked.config().password()).isNull();

    Files.createDirectories(secrets.resolve("bgp"));
    Files.writeString(secrets.resolve("bgp/tor"), "first\n");
    node.setPeers(desired, Map.of());
    PeerStatus added = statusOfTheOnlyPeer();
    assertThat(added.lastError()).doesNotStartWith("BGP password");
    assertThat(added.config().password()).isEqualTo("first");

    Files.writeString(secrets.resolve("bgp/tor"), "second\n");
    node.setPeers(desired, Map.of());
    assertThat(statusOfTheOnlyPeer().config().password()).as("a changed key replaces the neighbour").isEqualTo("second");
  }
}
