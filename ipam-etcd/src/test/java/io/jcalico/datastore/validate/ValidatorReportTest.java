package io.jcalico.datastore.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.datastore.model.AsNumber;
import io.jcalico.datastore.model.BGPPeer;
import io.jcalico.datastore.model.BGPPeerSpec;
import io.jcalico.datastore.model.Defaults;
import io.jcalico.datastore.model.IPPool;
import io.jcalico.datastore.model.IPPoolSpec;
import io.jcalico.datastore.model.ObjectMeta;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every problem is reported, each named by resource and field path. */
class ValidatorReportTest {

  @Test
  void reportsAllProblemsOneLineEach() {
    IPPool pool = new IPPool(ObjectMeta.named("pool-1"),
        IPPoolSpec.ofCidr("10.0.0.0/33").withModes("Always", "Always").withBlockSize(40));
    assertThat(Validator.validate(pool)).extracting(Problem::path)
        .containsExactly("spec.vxlanMode", "spec.cidr");
    assertThatThrownBy(() -> Validator.check(pool))
        .isInstanceOf(ValidationException.class)
        .hasMessage("""
            IPPool/pool-1: spec.vxlanMode "Always" cannot be combined with spec.ipipMode "Always": enable at most one encapsulation
            IPPool/pool-1: spec.cidr "10.0.0.0/33" is not a valid CIDR""")
        .satisfies(e -> assertThat(((ValidationException) e).problems()).hasSize(2));
  }

  @Test
  void filledDefaultsOfAValidPoolValidateClean() {
    IPPool pool = Defaults.fill(new IPPool(ObjectMeta.named("pool-1"), IPPoolSpec.ofCidr("fd00:10::/48")));
    assertThat(Validator.check(pool)).isSameAs(pool);
  }

  @Test
  void peerAddressForms() {
    for (String ok : new String[] {"198.18.0.1", "198.18.0.1:1790", "fd00::1", "[fd00::1]:1790"}) {
      assertThat(Validator.validate(peer(ok))).as(ok).isEmpty();
    }
    for (String bad : new String[] {"198.18.0.1:0", "198.18.0.1:", "[fd00::1]", "[198.18.0.1]:179", "fd00::1:1790:x",
        "198.18.0.256", "peer.example"}) {
      assertThat(Validator.validate(peer(bad))).as(bad).extracting(Problem::path).containsExactly("spec.peerIP");
    }
  }

  private static BGPPeer peer(String ip) {
    return new BGPPeer(ObjectMeta.named("p"), new BGPPeerSpec(null, null, ip, AsNumber.of(64512), null, null, null, null,
        null, null, null, null, null, null, null, null, null, null));
  }

  @Test
  void goDurations() {
    assertThat(GoDuration.parse("120s")).contains(Duration.ofSeconds(120));
    assertThat(GoDuration.parse("1h30m")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("1.5h")).contains(Duration.ofMinutes(90));
    assertThat(GoDuration.parse("300ms")).contains(Duration.ofMillis(300));
    assertThat(GoDuration.parse("0")).contains(Duration.ZERO);
    assertThat(GoDuration.parse("-2m")).contains(Duration.ofMinutes(-2));
    for (String bad : new String[] {"", "10", "2 m", "2min", "s", "1d", "1h 30m"}) {
      assertThat(GoDuration.parse(bad)).as(bad).isEmpty();
    }
  }
}
