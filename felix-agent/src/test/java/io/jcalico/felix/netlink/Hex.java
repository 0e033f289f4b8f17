package io.jcalico.felix.netlink;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;

/**
 * Byte fixtures written as hex fragments, one commented field per fragment. Multi-byte fields
 * are little-endian: netlink is host-endian and the fixtures are for x86-64 / arm64 hosts.
 */
final class Hex {
  private Hex() {}

  static byte[] bytes(String... fragments) {
    return HexFormat.of().parseHex(String.join("", fragments).replace(" ", ""));
  }

  static ByteBuffer buffer(String... fragments) {
    return ByteBuffer.wrap(bytes(fragments)).order(ByteOrder.nativeOrder());
  }

  static String of(ByteBuffer b) {
    ByteBuffer d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return HexFormat.of().formatHex(out);
  }

  static String of(byte[] b) {
    return HexFormat.of().formatHex(b);
  }
}
