package io.jcalico.bgp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Byte fixtures: hex with comments, and the captured sessions under test resources. */
public final class Fixtures {
    private Fixtures() {
    }

    /** Hex digits with whitespace and "//" comments to the end of each line. */
    public static byte[] hex(String commented) {
        StringBuilder sb = new StringBuilder();
        for (String line : commented.split("\n")) {
            int c = line.indexOf("//");
            sb.append((c >= 0 ? line.substring(0, c) : line).replaceAll("\\s+", ""));
        }
        return HexFormat.of().parseHex(sb.toString());
    }

    public static ByteBuf buf(String commented) {
        return Unpooled.wrappedBuffer(hex(commented));
    }

    /** The four captured directions (BIRD, GoBGP and FRR talking to each other). */
    public static final List<String> CAPTURES = List.of("bird-to-frr", "frr-to-bird", "bird-to-gobgp", "gobgp-to-bird");

    /** One direction of a captured session as the raw TCP byte stream. */
    public static byte[] capture(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/captures/" + name + ".hex")) {
            StringBuilder sb = new StringBuilder();
            for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
                if (!line.startsWith("#")) {
                    sb.append(line.trim());
                }
            }
            return HexFormat.of().parseHex(sb.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every message of every capture, each as its own byte array (header included). */
    public static List<byte[]> capturedMessages() {
        List<byte[]> out = new ArrayList<>();
        for (String name : CAPTURES) {
            for (ByteBuf frame : BgpMessageWriter.frames(Unpooled.wrappedBuffer(capture(name)))) {
                byte[] b = new byte[frame.readableBytes()];
                frame.readBytes(b);
                out.add(b);
            }
        }
        return out;
    }
}
