package io.jcalico.felix.cni;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CniWireFramingTest {

  private static byte[] request(CniInvocation inv) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CniWire.writeRequest(out, inv);
    return out.toByteArray();
  }

  @Test
  void requestBytesAreAsDocumented() throws IOException {
    byte[] bytes = request(new CniInvocation("calico", Map.of("CNI_COMMAND", "VERSION"), "{}".getBytes(StandardCharsets.UTF_8)));
    ByteArrayOutputStream want = new ByteArrayOutputStream();
    want.writeBytes(new byte[] {'J', 'C', 'N', 'I', 1});               // magic, version 1
    want.writeBytes(new byte[] {'P', 0, 0, 0, 6});                     // plugin name, 6 bytes
    want.writeBytes("calico".getBytes(StandardCharsets.UTF_8));
    want.writeBytes(new byte[] {'E', 0, 0, 0, 19});                    // one env entry
    want.writeBytes("CNI_COMMAND=VERSION".getBytes(StandardCharsets.UTF_8));
    want.writeBytes(new byte[] {'I', 0, 0, 0, 2, '{', '}'});           // stdin
    want.writeBytes(new byte[] {'.', 0, 0, 0, 0});                     // end
    assertThat(bytes).isEqualTo(want.toByteArray());
  }

  @Test
  void requestRoundTrips() throws IOException {
    CniInvocation inv = new CniInvocation("calico-ipam",
        Map.of("CNI_COMMAND", "ADD", "CNI_ARGS", "A=b=c;D=e", "CALICO_NODE_SOCKET", "/x"),
        "{\"name\":\"n\"}".getBytes(StandardCharsets.UTF_8));
    CniInvocation back = CniWire.readRequest(new ByteArrayInputStream(request(inv)));
    assertThat(back.plugin()).isEqualTo("calico-ipam");
    assertThat(back.env()).isEqualTo(inv.env());
    assertThat(back.stdin()).isEqualTo(inv.stdin());
  }

  @Test
  void responseRoundTripsAndSkipsUnknownTags() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CniWire.writeResponse(out, new CniOutcome(1, "{\"code\":7}".getBytes(StandardCharsets.UTF_8),
        "warn".getBytes(StandardCharsets.UTF_8)));
    byte[] bytes = out.toByteArray();
    // a newer daemon's frame 'Z' before the end: skipped
    byte[] extended = Arrays.copyOf(bytes, bytes.length + 7);
    System.arraycopy(new byte[] {'Z', 0, 0, 0, 2, 'h', 'i', '.', 0, 0, 0, 0}, 0, extended, bytes.length - 5, 12);
    for (byte[] b : new byte[][] {bytes, extended}) {
      CniOutcome o = CniWire.readResponse(new ByteArrayInputStream(b));
      assertThat(o.exitCode()).isEqualTo(1);
      assertThat(o.stdoutText()).isEqualTo("{\"code\":7}");
      assertThat(new String(o.stderr(), StandardCharsets.UTF_8)).isEqualTo("warn");
    }
  }

  @Test
  void garbageIsRefused() throws IOException {
    assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.UTF_8))))
        .isInstanceOf(ProtocolException.class).hasMessage("not a jcalico CNI frame stream");
    byte[] huge = {'J', 'C', 'N', 'I', 1, 'I', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
    assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(huge)))
        .isInstanceOf(ProtocolException.class).hasMessage("frame of 2147483647 bytes");
    byte[] valid = request(new CniInvocation("calico", Map.of(), new byte[10]));
    assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(Arrays.copyOf(valid, valid.length - 8))))
        .isInstanceOf(IOException.class);
    byte[] noName = {'J', 'C', 'N', 'I', 1, 'E', 0, 0, 0, 2, '=', 'x'};
    assertThatThrownBy(() -> CniWire.readRequest(new ByteArrayInputStream(noName)))
        .isInstanceOf(ProtocolException.class).hasMessage("environment entry without a name");
    byte[] noExit = {'J', 'C', 'N', 'I', 1, '.', 0, 0, 0, 0};
    assertThatThrownBy(() -> CniWire.readResponse(new ByteArrayInputStream(noExit)))
        .isInstanceOf(ProtocolException.class).hasMessage("answer without an exit code");
    assertThatThrownBy(() -> CniWire.readResponse(new ByteArrayInputStream(new byte[] {'J', 'C'})))
        .isInstanceOf(EOFException.class);
  }
}
