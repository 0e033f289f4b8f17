package io.jcalico.policy.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.policy.ir.CompileOptions;
import io.jcalico.policy.ir.DesiredState;
import io.jcalico.policy.render.ipset.IpsetRenderer;
import io.jcalico.policy.render.iptables.IptablesRenderer;
import io.jcalico.policy.render.nftables.NftablesRenderer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The rendered text of {@link Scenario} compared with reviewed golden files under
 * {@code src/test/resources/golden/}. After an intended change, regenerate them with
 * {@code -Dgolden.update=true} and review the diff.
 */
class GoldenRenderTest {

  private static final DesiredState IPT = Scenario.compile(Scenario.POLICIES, CompileOptions.IPTABLES);
  private static final DesiredState NFT = Scenario.compile(Scenario.POLICIES, CompileOptions.NFTABLES);

  @Test
  void iptablesV4() throws IOException {
    golden("iptables-v4.txt", new IptablesRenderer().restore(IPT.v4()));
  }

  @Test
  void iptablesV6() throws IOException {
    golden("iptables-v6.txt", new IptablesRenderer().restore(IPT.v6()));
  }

  @Test
  void iptablesDeltaAfterAChange() throws IOException {
    DesiredState changed = Scenario.compile(Scenario.CHANGED, CompileOptions.IPTABLES);
    golden("iptables-v4-delta.txt", new IptablesRenderer().delta(IPT.v4(), changed.v4()));
  }

  @Test
  void ipsetV4AndV6() throws IOException {
    IpsetRenderer r = new IpsetRenderer();
    golden("ipset.txt", r.restore(IPT.v4()) + r.restore(IPT.v6()));
  }

  @Test
  void nftables() throws IOException {
    golden("nftables.nft", new NftablesRenderer().ruleset(NFT));
  }

  @Test
  void unchangedStateRendersNoDelta() {
    assertThat(new IptablesRenderer().delta(IPT.v4(), IPT.v4())).isEmpty();
    assertThat(new IpsetRenderer().delta(IPT.v4(), IPT.v4())).isEmpty();
    assertThat(new IpsetRenderer().destroyStale(IPT.v4(), IPT.v4())).isEmpty();
  }

  static void golden(String name, String actual) throws IOException {
    if (Boolean.getBoolean("golden.update")) {
      Path p = Path.of("src/test/resources/golden", name);
      Files.createDirectories(p.getParent());
      Files.writeString(p, actual, StandardCharsets.UTF_8);
      return;
    }
    try (InputStream in = GoldenRenderTest.class.getResourceAsStream("/golden/" + name)) {
      assertThat(in).as("golden file %s (generate with -Dgolden.update=true)", name).isNotNull();
      assertThat(actual).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
