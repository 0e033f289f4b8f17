package io.jcalico.felix.cni;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The frames between the per-pod executable (src/main/c/cni-client.c) and the daemon. Keep both
 * ends in step.
 *
 * <pre>
 *   request  = "JCNI" u8(version=1) frame* end
 *   response = "JCNI" u8(version=1) frame* end
 *   frame    = u8(tag) u32(length, big endian) bytes[length]
 *   end      = u8('.') u32(0)
 *   request tags:  'P' plugin name (calico, calico-ipam)
 *                  'E' one environment entry "NAME=value" (CNI_*, CALICO_*, K8S_*, KUBECONFIG)
 *                  'I' all of stdin (at most once)
 *   response tags: 'O' stdout bytes, 'R' stderr bytes (each may repeat), 'X' exit code as u32
 * </pre>
 *
 * Unknown tags are skipped on both sides, so either end may add fields. Lengths are capped so a
 * confused peer cannot make us allocate without bound.
 */
public final class CniWire {
  static final byte[] MAGIC = {'J', 'C', 'N', 'I', 1};
  static final int MAX_FRAME = 16 << 20;
  static final int MAX_ENV_ENTRIES = 4096;

  private CniWire() {}

  public static CniInvocation readRequest(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    readMagic(data);
    String plugin = "";
    Map<String, String> env = new LinkedHashMap<>();
    byte[] stdin = null;
    for (;;) {
      int tag = data.readUnsignedByte();
      byte[] payload = readPayload(data);
      switch (tag) {
        case '.' -> {
          return new CniInvocation(plugin, env, stdin == null ? new byte[0] : stdin);
        }
        case 'P' -> plugin = new String(payload, StandardCharsets.UTF_8);
        case 'E' -> {
          String entry = new String(payload, StandardCharsets.UTF_8);
          int eq = entry.indexOf('=');
          if (eq <= 0) {
            throw new ProtocolException("environment entry without a name");
          }
          if (env.size() == MAX_ENV_ENTRIES) {
            throw new ProtocolException("more than " + MAX_ENV_ENTRIES + " environment entries");
          }
          env.put(entry.substring(0, eq), entry.substring(eq + 1));
        }
        case 'I' -> {
          if (stdin != null) {
            throw new ProtocolException("stdin sent twice");
          }
          stdin = payload;
        }
        default -> {
          // a newer client's field: skipped
        }
      }
    }
  }

  public static void writeRequest(OutputStream out, CniInvocation inv) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    frame(data, 'P', inv.plugin().getBytes(StandardCharsets.UTF_8));
    for (Map.Entry<String, String> e : inv.env().entrySet()) {
      frame(data, 'E', (e.getKey() + "=" + e.getValue()).getBytes(StandardCharsets.UTF_8));
    }
    frame(data, 'I', inv.stdin());
    frame(data, '.', new byte[0]);
    data.flush();
  }

  public static void writeResponse(OutputStream out, CniOutcome outcome) throws IOException {
    DataOutputStream data = new DataOutputStream(out);
    data.write(MAGIC);
    if (outcome.stdout().length > 0) {
      frame(data, 'O', outcome.stdout());
    }
    if (outcome.stderr().length > 0) {
      frame(data, 'R', outcome.stderr());
    }
    frame(data, 'X', ByteBuffer.allocate(4).putInt(outcome.exitCode()).array());
    frame(data, '.', new byte[0]);
    data.flush();
  }

  public static CniOutcome readResponse(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    readMagic(data);
    java.io.ByteArrayOutputStream stdout = new java.io.ByteArrayOutputStream();
    java.io.ByteArrayOutputStream stderr = new java.io.ByteArrayOutputStream();
    Integer exit = null;
    for (;;) {
      int tag = data.readUnsignedByte();
      byte[] payload = readPayload(data);
      switch (tag) {
        case '.' -> {
          if (exit == null) {
            throw new ProtocolException("answer without an exit code");
          }
          return new CniOutcome(exit, stdout.toByteArray(), stderr.toByteArray());
        }
        case 'O' -> stdout.write(payload);
        case 'R' -> stderr.write(payload);
        case 'X' -> {
          if (payload.length != 4) {
            throw new ProtocolException("exit code frame of " + payload.length + " bytes");
          }
          exit = ByteBuffer.wrap(payload).getInt();
        }
        default -> {
          // a newer daemon's field: skipped
        }
      }
    }
  }

  private static void readMagic(DataInputStream data) throws IOException {
    byte[] magic = new byte[MAGIC.length];
    data.readFully(magic);
    if (!Arrays.equals(magic, MAGIC)) {
      throw new ProtocolException("not a jcalico CNI frame stream");
    }
  }

  private static byte[] readPayload(DataInputStream data) throws IOException {
    int length = data.readInt();
    if (length < 0 || length > MAX_FRAME) {
      throw new ProtocolException("frame of " + Integer.toUnsignedString(length) + " bytes");
    }
    byte[] payload = new byte[length];
    try {
      data.readFully(payload);
    } catch (EOFException e) {
      throw new ProtocolException("truncated frame");
    }
    return payload;
  }

  private static void frame(DataOutputStream data, char tag, byte[] payload) throws IOException {
    data.writeByte(tag);
    data.writeInt(payload.length);
    data.write(payload);
  }
}
