package io.jcalico.calicoctl.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The boxed table and Go's {@code %.5g} / {@code %.0f%%} number forms that ipam show uses. */
class BoxTableTest {
  @Test
  void numbersFormatAsGoPercentFiveG() {
    assertThat(BoxTable.g5(BigDecimal.valueOf(0))).isEqualTo("0");
    assertThat(BoxTable.g5(BigDecimal.valueOf(256))).isEqualTo("256");
    assertThat(BoxTable.g5(BigDecimal.valueOf(65536))).isEqualTo("65536");
    assertThat(BoxTable.g5(BigDecimal.valueOf(99999))).isEqualTo("99999");
    assertThat(BoxTable.g5(BigDecimal.valueOf(100000))).isEqualTo("1e+05");
    assertThat(BoxTable.g5(BigDecimal.valueOf(1048576))).isEqualTo("1.0486e+06");
    assertThat(BoxTable.g5(new BigDecimal(BigInteger.TWO.pow(80)))).isEqualTo("1.2089e+24");
    assertThat(BoxTable.g5(new BigDecimal(BigInteger.TWO.pow(128)))).isEqualTo("3.4028e+38");
  }

  @Test
  void percentagesRoundHalfToEvenAsGoDoes() {
    assertThat(BoxTable.withPercent(BigDecimal.valueOf(1), BigDecimal.valueOf(8))).isEqualTo("1 (12%)");
    assertThat(BoxTable.withPercent(BigDecimal.valueOf(3), BigDecimal.valueOf(8))).isEqualTo("3 (38%)");
    assertThat(BoxTable.withPercent(BigDecimal.valueOf(5), BigDecimal.valueOf(64))).isEqualTo("5 (8%)");
    assertThat(BoxTable.withPercent(BigDecimal.valueOf(65531), BigDecimal.valueOf(65536))).isEqualTo("65531 (100%)");
  }

  @Test
  void headersCentredNumbersRightTextLeft() {
    assertThat(BoxTable.render(List.of("NAME", "COUNT"), List.of(List.of("a", "7"), List.of("bbbbbbb", "5 (8%)")))).isEqualTo("""
        +---------+--------+
        |  NAME   | COUNT  |
        +---------+--------+
        | a       |      7 |
        | bbbbbbb | 5 (8%) |
        +---------+--------+
        """);
  }
}
