package io.jcalico.datastore.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jcalico.datastore.codec.ResourceCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** AS numbers: 2- and 4-byte plain numbers and RFC 5396 "asdot", as Calico's parser reads them. */
class AsNumberParsingTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "0, 0",
      "64512, 64512",
      "65535, 65535",
      "65536, 65536",
      "4200000000, 4200000000",
      "4294967295, 4294967295",
      "0.0, 0",
      "1.0, 65536",
      "64512.1, 4227858433",
      "65535.65535, 4294967295",
      "0.64512, 64512",
  })
  void parsesPlainAndDotted(String text, long value) {
    assertThat(AsNumber.parse(text)).contains(AsNumber.of(value));
  }

  @ParameterizedTest(name = "\"{0}\" is not an AS number")
  @ValueSource(strings = {"", "-1", "4294967296", "65536.0", "0.65536", "1.2.3", ".1", "1.", "0x10", " 1", "1 ",
      "+5", "64512.1.", "99999999999"})
  void rejectsEverythingElse(String text) {
    assertThat(AsNumber.parse(text)).isEmpty();
  }

  @Test
  void dottedFormAndWidth() {
    assertThat(AsNumber.of(4227858433L).toDotted()).isEqualTo("64512.1");
    assertThat(AsNumber.of(64512).toDotted()).isEqualTo("64512");
    assertThat(AsNumber.of(65535).isFourByte()).isFalse();
    assertThat(AsNumber.of(65536).isFourByte()).isTrue();
    assertThatThrownBy(() -> AsNumber.of(-1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> AsNumber.of(1L << 32)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void documentsMayQuoteOrDotAndCalicoStoresANumber() throws Exception {
    var json = ResourceCodec.get().json();
    assertThat(json.readValue("64512", AsNumber.class)).isEqualTo(AsNumber.of(64512));
    assertThat(json.readValue("\"64513\"", AsNumber.class)).isEqualTo(AsNumber.of(64513));
    assertThat(json.readValue("\"64512.1\"", AsNumber.class)).isEqualTo(AsNumber.of(4227858433L));
    assertThat(json.writeValueAsString(AsNumber.of(4227858433L))).isEqualTo("4227858433");
    assertThat(json.writeValueAsString(AsNumber.of(64512))).isEqualTo("64512");
  }
}
