package io.jcalico.bgp.codec;

import static io.jcalico.bgp.codec.ErrorCodes.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.jcalico.bgp.codec.attr.AttributeCodec;
import io.jcalico.bgp.codec.attr.Verdict;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7606 verdicts per malformation: attribute discard, treat-as-withdraw, session reset. */
class UpdateErrorHandlingTest {
    private static final String ORIGIN = "40 01 01 00";
    private static final String AS_PATH = "40 02 06 02 01 0000fde8"; // AS_SEQUENCE 65000 (4-octet)
    private static final String NEXT_HOP = "40 03 04 c6120001";
    private static final String NLRI = "18 c61205"; // 198.18.5.0/24

    /** An UPDATE frame from hex attributes and NLRI (withdrawn routes empty). */
    static Object decode(String attrs, String nlri, CodecOptions o) {
        byte[] a = Fixtures.hex(attrs);
        byte[] n = Fixtures.hex(nlri);
        ByteBuf b = Unpooled.buffer();
        b.writeLong(-1).writeLong(-1).writeShort(23 + a.length + n.length).writeByte(2);
        b.writeShort(0).writeShort(a.length).writeBytes(a).writeBytes(n);
        List<Object> out = new ArrayList<>();
        new BgpFrameDecoder().decodeFrames(b, o, out);
        assertThat(out).hasSize(1);
        return out.get(0);
    }

    static Update update(String attrs) {
        return (Update) decode(attrs, NLRI, CodecOptions.MODERN);
    }

    static void assertWithdrawn(Update u, int subcode) {
        assertThat(u.verdict()).isEqualTo(Verdict.TREAT_AS_WITHDRAW);
        assertThat(u.errors()).anySatisfy(e -> assertThat(e.subcode()).isEqualTo(subcode));
        // the NLRI is still known, so the routes can be withdrawn
        assertThat(u.nlri()).isEqualTo(PrefixList.ipv4(Ipv4Prefixes.parse("198.18.5.0/24")));
    }

    static void assertReset(Object o, int subcode) {
        assertThat(o).isInstanceOfSatisfying(MalformedMessage.class, m -> {
            assertThat(m.notification().code()).isEqualTo(UPDATE_MESSAGE);
            assertThat(m.notification().subcode()).isEqualTo(subcode);
        });
    }

    @Test
    void cleanUpdateHasNoVerdict() {
        assertThat(update(ORIGIN + AS_PATH + NEXT_HOP).verdict()).isNull();
    }

    @Test
    void undefinedOriginIsTreatAsWithdraw() {
        assertWithdrawn(update("40 01 01 07" + AS_PATH + NEXT_HOP), INVALID_ORIGIN);
    }

    @Test
    void badAsPathSegmentIsTreatAsWithdraw() {
        assertWithdrawn(update(ORIGIN + "40 02 06 09 01 0000fde8" + NEXT_HOP), MALFORMED_AS_PATH);
        assertWithdrawn(update(ORIGIN + "40 02 06 02 02 0000fde8" + NEXT_HOP), MALFORMED_AS_PATH);
    }

    @Test
    void nextHopOfWrongLengthIsTreatAsWithdraw() {
        assertWithdrawn(update(ORIGIN + AS_PATH + "40 03 05 c612000101"), INVALID_NEXT_HOP);
    }

    @Test
    void wrongFlagsOnMedIsTreatAsWithdraw() {
        assertWithdrawn(update(ORIGIN + AS_PATH + NEXT_HOP + "40 04 04 00000001"), ATTRIBUTE_FLAGS_ERROR);
    }

    @Test
    void communitiesOfOddLengthAreTreatAsWithdraw() {
        assertWithdrawn(update(ORIGIN + AS_PATH + NEXT_HOP + "c0 08 03 000001"), OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void largeCommunitiesOfWrongLengthAreTreatAsWithdraw() {
        assertWithdrawn(update(ORIGIN + AS_PATH + NEXT_HOP + "c0 20 08 0000000100000002"), OPTIONAL_ATTRIBUTE_ERROR);
    }

    @Test
    void missingNextHopIsTreatAsWithdraw() {
        assertWithdrawn(update(ORIGIN + AS_PATH), MISSING_WELL_KNOWN_ATTRIBUTE);
    }

    @Test
    void attributeOverrunningTheAreaIsTreatAsWithdrawAndNlriStillParsed() {
        assertWithdrawn(update(ORIGIN + AS_PATH + NEXT_HOP + "80 04 09 00000001"), ATTRIBUTE_LENGTH_ERROR);
    }

    @Test
    void badAtomicAggregateAndAggregatorAreDiscardedAndTheRouteStands() {
        Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "40 06 01 00" + "c0 07 03 000001");
        assertThat(u.verdict()).isEqualTo(Verdict.ATTRIBUTE_DISCARD);
        assertThat(u.attributes().atomicAggregate()).isFalse();
        assertThat(u.attributes().aggregator()).isNull();
        assertThat(u.attributes().nextHop()).isNotNull();
    }

    @Test
    void repeatedAttributeKeepsTheFirst() {
        Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "80 04 04 00000001" + "80 04 04 00000002");
        assertThat(u.verdict()).isEqualTo(Verdict.ATTRIBUTE_DISCARD);
        assertThat(u.attributes().med()).isEqualTo(1);
    }

    @Test
    void malformedAs4PathOnTwoOctetSessionIsDiscarded() {
        Update u = (Update) decode(ORIGIN + "40 02 04 02 01 fde8" + NEXT_HOP + "c0 11 03 020100", NLRI, CodecOptions.DEFAULT);
        assertThat(u.verdict()).isEqualTo(Verdict.ATTRIBUTE_DISCARD);
        assertThat(u.attributes().asPath().flatten()).containsExactly(65000L);
    }

    @Test
    void unknownOptionalTransitiveIsKeptWithPartialBitAndNonTransitiveDropped() {
        Update u = update(ORIGIN + AS_PATH + NEXT_HOP + "c0 63 02 abcd" + "80 64 01 01");
        assertThat(u.verdict()).isNull();
        assertThat(u.attributes().unknown()).singleElement().satisfies(a -> {
            assertThat(a.type()).isEqualTo(0x63);
            assertThat(a.flags() & AttributeCodec.FLAG_PARTIAL).isNotZero();
        });
    }

    @Test
    void unknownWellKnownAttributeResetsTheSession() {
        assertReset(decode(ORIGIN + AS_PATH + NEXT_HOP + "40 63 00", NLRI, CodecOptions.MODERN), UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
    }

    @Test
    void badMpReachResetsTheSession() {
        // MP_REACH IPv6 unicast with a next hop of 4 octets
        assertReset(decode(ORIGIN + AS_PATH + "80 0e 0a 0002 01 04 c6120001 00 00", "", CodecOptions.MODERN),
                OPTIONAL_ATTRIBUTE_ERROR);
        // MP_UNREACH twice
        assertReset(decode("80 0f 03 000201" + "80 0f 03 000201", "", CodecOptions.MODERN), MALFORMED_ATTRIBUTE_LIST);
    }

    @Test
    void nlriSyntaxErrorsResetTheSession() {
        assertReset(decode(ORIGIN + AS_PATH + NEXT_HOP, "21 c6120500 00", CodecOptions.MODERN), INVALID_NETWORK_FIELD);
        assertReset(decode(ORIGIN + AS_PATH + NEXT_HOP, "18 c612", CodecOptions.MODERN), INVALID_NETWORK_FIELD);
    }

    @Test
    void lengthsThatOverrunTheMessageResetTheSession() {
        ByteBuf b = Unpooled.buffer();
        b.writeLong(-1).writeLong(-1).writeShort(23).writeByte(2).writeShort(9).writeShort(0); // withdrawn length 9 of 4 octets
        List<Object> out = new ArrayList<>();
        new BgpFrameDecoder().decodeFrames(b, CodecOptions.MODERN, out);
        assertReset(out.get(0), MALFORMED_ATTRIBUTE_LIST);
    }
}
