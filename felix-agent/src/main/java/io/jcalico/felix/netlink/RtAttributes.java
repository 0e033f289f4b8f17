package io.jcalico.felix.netlink;

import static io.jcalico.felix.netlink.NetlinkConstants.NLA_TYPE_MASK;
import static io.jcalico.felix.netlink.NetlinkConstants.RTA_HDRLEN;
import static java.nio.charset.StandardCharsets.UTF_8;

import inet.ipaddr.IPAddress;
import inet.ipaddr.ipv4.IPv4Address;
import inet.ipaddr.ipv6.IPv6Address;
import inet.ipaddr.mac.MACAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A parsed {@code rtattr} chain. Every attribute is kept by type, known or not (open code
 * points: a newer kernel's attributes pass through unharmed); the NESTED/BYTEORDER flag bits are
 * masked off the type. Values are read-only native-order views.
 */
public final class RtAttributes {
  private final Map<Integer, ByteBuffer> byType;

  private RtAttributes(Map<Integer, ByteBuffer> byType) {
    this.byType = byType;
  }

  /** Parses attributes from the buffer's position to its limit. */
  public static RtAttributes parse(ByteBuffer region) {
    ByteBuffer in = region.duplicate().order(ByteOrder.nativeOrder());
    Map<Integer, ByteBuffer> map = new LinkedHashMap<>();
    while (in.remaining() >= RTA_HDRLEN) {
      int start = in.position();
      int len = in.getShort(start) & 0xffff;
      int type = in.getShort(start + 2) & NLA_TYPE_MASK;
      if (len < RTA_HDRLEN || len > in.remaining()) {
        throw new MalformedNetlinkMessageException(
            "rtattr type " + type + " length " + len + " with " + in.remaining() + " bytes left");
      }
      ByteBuffer value = in.duplicate().position(start + RTA_HDRLEN).limit(start + len).slice()
          .order(ByteOrder.nativeOrder()).asReadOnlyBuffer().order(ByteOrder.nativeOrder());
      map.put(type, value);
      in.position(Math.min(in.limit(), start + NetlinkFrames.align(len)));
    }
    return new RtAttributes(map);
  }

  /** Attributes following a fixed header of {@code headerLength} bytes in a payload. */
  static RtAttributes after(ByteBuffer payload, int headerLength) {
    if (payload.remaining() < headerLength) {
      throw new MalformedNetlinkMessageException(
          "payload of " + payload.remaining() + " bytes is shorter than its " + headerLength + "-byte header");
    }
    return parse(payload.duplicate().position(headerLength));
  }

  public boolean has(int type) {
    return byType.containsKey(type);
  }

  public Set<Integer> types() {
    return byType.keySet();
  }

  /** The raw value, or {@code null}. */
  public ByteBuffer value(int type) {
    ByteBuffer b = byType.get(type);
    return b == null ? null : b.duplicate().order(ByteOrder.nativeOrder());
  }

  public byte[] bytes(int type) {
    ByteBuffer b = value(type);
    if (b == null) {
      return null;
    }
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  public int u8(int type, int absent) {
    ByteBuffer b = value(type);
    return b == null || b.remaining() < 1 ? absent : b.get(0) & 0xff;
  }

  public int u32(int type, int absent) {
    ByteBuffer b = value(type);
    return b == null || b.remaining() < 4 ? absent : b.getInt(0);
  }

  /** A string value up to its first NUL, or {@code null}. */
  public String string(int type) {
    byte[] raw = bytes(type);
    if (raw == null) {
      return null;
    }
    int end = 0;
    while (end < raw.length && raw[end] != 0) {
      end++;
    }
    return new String(raw, 0, end, UTF_8);
  }

  public RtAttributes nested(int type) {
    ByteBuffer b = value(type);
    return b == null ? null : parse(b);
  }

  /** A 4- or 16-byte address value as a single host address, or {@code null}. */
  public IPAddress address(int type) {
    byte[] raw = bytes(type);
    if (raw == null) {
      return null;
    }
    return toAddress(raw, null);
  }

  /** A 6-byte link-layer address, or {@code null} (absent or another length). */
  public MACAddress mac(int type) {
    byte[] raw = bytes(type);
    return raw == null || raw.length != 6 ? null : new MACAddress(raw);
  }

  static IPAddress toAddress(byte[] raw, Integer prefixLength) {
    return switch (raw.length) {
      case 4 -> new IPv4Address(raw, prefixLength);
      case 16 -> new IPv6Address(raw, prefixLength);
      default -> throw new MalformedNetlinkMessageException("address of " + raw.length + " bytes");
    };
  }
}
