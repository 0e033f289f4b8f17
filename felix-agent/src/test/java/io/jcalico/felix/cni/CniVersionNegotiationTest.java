package io.jcalico.felix.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CniVersionNegotiationTest {

  @Test
  void versionAnswerIsTheSpecsList() {
    assertThat(CalicoCniHandler.versionJson()).isEqualTo(
        "{\"cniVersion\":\"1.0.0\",\"supportedVersions\":[\"0.1.0\",\"0.2.0\",\"0.3.0\",\"0.3.1\",\"0.4.0\",\"1.0.0\"]}");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.1.0", "0.2.0", "0.3.0", "0.3.1", "0.4.0", "1.0.0"})
  void everySupportedVersionIsAcceptedForAdd(String v) throws CniException {
    assertThat(CalicoCniHandler.negotiate(v, CniCommand.ADD).toString()).isEqualTo(v);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.1.0", "2.0.0", "0.5.0", "0.3.2", "1.0", "latest", ""})
  void otherVersionsAreCode1(String v) {
    assertThatThrownBy(() -> CalicoCniHandler.negotiate(v, CniCommand.ADD))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code().code()).isEqualTo(1);
          assertThat(e.msg()).isEqualTo("incompatible CNI versions");
          assertThat(e.details()).isEqualTo("config is \"" + v
              + "\", plugin supports [\"0.1.0\" \"0.2.0\" \"0.3.0\" \"0.3.1\" \"0.4.0\" \"1.0.0\"]");
        });
  }

  @Test
  void checkNeedsAtLeast040() throws CniException {
    assertThatThrownBy(() -> CalicoCniHandler.negotiate("0.3.1", CniCommand.CHECK))
        .isInstanceOfSatisfying(CniException.class, e -> {
          assertThat(e.code().code()).isEqualTo(1);
          assertThat(e.msg()).isEqualTo("config version does not allow CHECK");
        });
    assertThat(CalicoCniHandler.negotiate("0.4.0", CniCommand.CHECK)).isEqualTo(CniVersion.V0_4_0);
  }

  @Test
  void statusIsAnsweredFor110Configs() throws CniException {
    assertThat(CalicoCniHandler.negotiate("1.1.0", CniCommand.STATUS)).isEqualTo(CniVersion.V1_1_0);
  }

  @Test
  void versionsOrderNumerically() {
    assertThat(CniVersion.parse("0.10.0").orElseThrow()).isGreaterThan(CniVersion.parse("0.9.0").orElseThrow());
    assertThat(CniVersion.parse("1.0.0").orElseThrow().hasLegacyResult()).isFalse();
    assertThat(CniVersion.parse("0.2.0").orElseThrow().hasLegacyResult()).isTrue();
  }
}
