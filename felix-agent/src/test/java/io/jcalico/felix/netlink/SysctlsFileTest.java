package io.jcalico.felix.netlink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sysctl paths, change-only writes and missing files, against a directory laid out like /proc/sys. */
class SysctlsFileTest {
  @TempDir Path root;

  private Path file(String... parts) throws Exception {
    Path p = root;
    for (String part : parts) {
      p = p.resolve(part);
    }
    Files.createDirectories(p.getParent());
    return p;
  }

  @Test
  void writesOnlyWhatDiffersAndKeepsDotsInInterfaceNames() throws Exception {
    Path proxyArp = Files.writeString(file("net", "ipv4", "conf", "cali1", "proxy_arp"), "0\n");
    Path forwarding = Files.writeString(file("net", "ipv4", "conf", "cali1", "forwarding"), "1\n");
    Path dotted = Files.writeString(file("net", "ipv4", "conf", "vxlan.calico", "rp_filter"), "1024\n");
    Sysctls sysctls = new Sysctls(root, NetNamespace.current());

    Map<SysctlKey, String> settings = new LinkedHashMap<>();
    settings.put(SysctlKey.ipv4Conf("cali1", "proxy_arp"), "1");
    settings.put(SysctlKey.ipv4Conf("cali1", "forwarding"), "1");
    settings.put(SysctlKey.ipv4Conf("vxlan.calico", "rp_filter"), "0");
    assertThat(sysctls.apply(settings)).isEqualTo(2);

    assertThat(Files.readString(proxyArp)).isEqualTo("1");
    assertThat(Files.readString(forwarding)).isEqualTo("1\n"); // untouched
    assertThat(Files.readString(dotted)).isEqualTo("0");
    assertThat(SysctlKey.ipv4Conf("vxlan.calico", "rp_filter")).hasToString("net.ipv4.conf.vxlan/calico.rp_filter");
    assertThat(sysctls.get(SysctlKey.ipv4Conf("cali1", "proxy_arp"))).isEqualTo("1");
  }

  @Test
  void missingFileIsAnErrorOnWriteAndNullOnRead() {
    Sysctls sysctls = new Sysctls(root, NetNamespace.current());
    SysctlKey missing = SysctlKey.ipv6Conf("cali9", "accept_ra");
    assertThatThrownBy(() -> sysctls.set(missing, "0"))
        .isInstanceOf(UncheckedIOException.class).hasMessageContaining("net.ipv6.conf.cali9.accept_ra");
    assertThat(sysctls.read(List.of(missing))).containsEntry(missing, null);
  }

  @Test
  void pathTraversalIsRefused() {
    assertThatThrownBy(() -> SysctlKey.ipv4Conf("../../etc", "x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SysctlKey.ipv4Conf("..", "x")).isInstanceOf(IllegalArgumentException.class);
  }
}
