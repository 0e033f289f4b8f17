package io.jcalico.bgp.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.attr.Verdict;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * 120,000 mutations of the captured real messages (truncation, wrong header or attribute lengths,
 * flipped flags, random bytes, bad values, inserted junk) through the frame decoder, with a fixed
 * seed. Nothing may throw, and every complete frame must end as a decoded message (possibly with an
 * RFC 7606 verdict) or as a NOTIFICATION to send.
 */
class BgpDecoderFuzzTest {
    private static final int CASES = 120_000;

    enum Outcome { DECODED, ATTRIBUTE_DISCARD, TREAT_AS_WITHDRAW, NOTIFICATION, INCOMPLETE }

    @Test
    void mutatedRealMessagesNeverEscapeTheDecoder() {
        List<byte[]> corpus = Fixtures.capturedMessages();
        assertThat(corpus).hasSizeGreaterThan(40);
        SplittableRandom rnd = new SplittableRandom(4271_7606L);
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (int i = 0; i < CASES; i++) {
            byte[] msg = mutate(corpus.get(rnd.nextInt(corpus.size())), rnd);
            CodecOptions options = new CodecOptions(rnd.nextBoolean(), rnd.nextInt(4) == 0);
            List<Object> out = new ArrayList<>();
            new BgpFrameDecoder().decodeFrames(Unpooled.wrappedBuffer(msg), options, out);
            outcomes.merge(classify(msg, out), 1, Integer::sum);
        }
        // Every family of outcome occurs: the mutations reach each kind of handling.
        assertThat(outcomes.keySet()).containsExactlyInAnyOrder(Outcome.values());
        assertThat(outcomes.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CASES);
    }

    private static Outcome classify(byte[] msg, List<Object> out) {
        if (out.isEmpty()) {
            // Only a frame the decoder is still waiting for may produce nothing.
            int declared = msg.length >= 18 ? ((msg[16] & 0xFF) << 8 | (msg[17] & 0xFF)) : Integer.MAX_VALUE;
            assertThat(msg.length).as("complete frame produced nothing").isLessThan(Math.max(19, declared));
            return Outcome.INCOMPLETE;
        }
        Object first = out.get(0);
        if (first instanceof MalformedMessage m) {
            assertThat(m.notification()).isNotNull();
            // the parsers check every length themselves; the decoder's last-resort catch is not used
            assertThat(m.reason()).doesNotStartWith("truncated message body");
            return Outcome.NOTIFICATION;
        }
        assertThat(first).isInstanceOf(BgpMessage.class);
        if (first instanceof Update u && u.verdict() != null) {
            assertThat(u.verdict()).isNotEqualTo(Verdict.SESSION_RESET);
            return u.verdict() == Verdict.TREAT_AS_WITHDRAW ? Outcome.TREAT_AS_WITHDRAW : Outcome.ATTRIBUTE_DISCARD;
        }
        return Outcome.DECODED;
    }

    static byte[] mutate(byte[] original, SplittableRandom rnd) {
        byte[] m = original.clone();
        int body = Math.max(0, m.length - 19);
        switch (rnd.nextInt(8)) {
            case 0 -> { // truncate, keeping the header's length
                return java.util.Arrays.copyOf(m, rnd.nextInt(m.length + 1));
            }
            case 1 -> { // wrong header length
                int len = rnd.nextBoolean() ? m.length + rnd.nextInt(-5, 6) : rnd.nextInt(65536);
                m[16] = (byte) (len >>> 8);
                m[17] = (byte) len;
            }
            case 2 -> { // flip bits in the body (flags, lengths, values)
                for (int k = 0, n = 1 + rnd.nextInt(3); k < n && body > 0; k++) {
                    m[19 + rnd.nextInt(body)] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 3 -> { // random byte somewhere in the body
                if (body > 0) {
                    m[19 + rnd.nextInt(body)] = (byte) rnd.nextInt(256);
                }
            }
            case 4 -> { // attribute flags/length area of an UPDATE: corrupt near the start of attributes
                if (m[18] == BgpMessage.TYPE_UPDATE && body > 4) {
                    int at = 19 + 4 + ((m[19] & 0xFF) << 8 | (m[20] & 0xFF));
                    if (at < m.length) {
                        int off = at + rnd.nextInt(Math.min(12, m.length - at));
                        m[off] = (byte) rnd.nextInt(256);
                    }
                }
            }
            case 5 -> { // remove bytes from the body but fix the header length
                if (body > 1) {
                    int from = 19 + rnd.nextInt(body);
                    int n = 1 + rnd.nextInt(Math.min(8, m.length - from));
                    byte[] r = new byte[m.length - n];
                    System.arraycopy(m, 0, r, 0, from);
                    System.arraycopy(m, from + n, r, from, m.length - from - n);
                    r[16] = (byte) (r.length >>> 8);
                    r[17] = (byte) r.length;
                    return r;
                }
            }
            case 6 -> { // insert junk into the body and fix the header length
                int at = 19 + (body == 0 ? 0 : rnd.nextInt(body + 1));
                int n = 1 + rnd.nextInt(6);
                byte[] r = new byte[m.length + n];
                System.arraycopy(m, 0, r, 0, at);
                for (int k = 0; k < n; k++) {
                    r[at + k] = (byte) rnd.nextInt(256);
                }
                System.arraycopy(m, at, r, at + n, m.length - at);
                r[16] = (byte) (r.length >>> 8);
                r[17] = (byte) r.length;
                return r;
            }
            default -> { // type or marker damage
                if (rnd.nextBoolean()) {
                    m[18] = (byte) rnd.nextInt(8);
                } else {
                    m[rnd.nextInt(16)] = (byte) rnd.nextInt(256);
                }
            }
        }
        return m;
    }
}
