package io.jcalico.bgp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import inet.ipaddr.IPAddressString;
import io.jcalico.bgp.codec.BgpMessageParser;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.Update;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The benchmark's hand-encoded feed is valid BGP as the speaker's codec reads it, and the
 * monitor's in-place counter is exact: re-announcements and withdrawals do not fool it.
 */
class FeedEncodingTest {
  private static final int BASE = (int) new IPAddressString("10.0.0.0").getAddress().getValue().longValue();
  private static final int NEXT_HOP = (int) new IPAddressString("198.18.0.101").getAddress().getValue().longValue();

  @Test
  void codecReadsEveryUpdateOfTheFeed() {
    Feed feed = Feed.build(1050, 100, 65101, BASE, NEXT_HOP);
    List<Update> updates = new ArrayList<>();
    forEachUpdate(feed.bytes(), (buf, offset, length) -> {
      byte[] body = new byte[length];
      buf.get(offset, body);
      updates.add(BgpMessageParser.parseUpdate(Unpooled.wrappedBuffer(body), CodecOptions.MODERN));
    });

    assertThat(updates).hasSize(11);
    assertThat(feed.updates()).isEqualTo(11);
    assertThat(updates.stream().mapToInt(u -> u.nlri().size()).sum()).isEqualTo(1050);
    assertThat(updates.get(10).nlri().size()).isEqualTo(50);
    Update third = updates.get(2);
    assertThat(third.errors()).isEmpty();
    assertThat(third.attributes().asPath().flatten()).containsExactly(65101L);
    assertThat(third.attributes().nextHop().address()).isEqualTo(new IPAddressString("198.18.0.101").getAddress());
    assertThat(third.attributes().communities()).containsExactly(65101 << 16 | 2);
    assertThat(third.nlri().toIpAddress(0)).isEqualTo(new IPAddressString("10.0.0.200/32").getAddress());
    assertThat(updates.stream().map(u -> u.attributes().communities()[0]).distinct()).hasSize(11);
  }

  @Test
  void counterIsExactUnderReannouncementAndWithdrawal() {
    Feed feed = Feed.build(1000, 100, 65101, BASE, NEXT_HOP);
    PrefixCounter counter = new PrefixCounter(feed.base(), feed.prefixes());
    forEachUpdate(feed.bytes(), counter::update);
    assertThat(counter.distinct()).isEqualTo(1000);
    assertThat(counter.completedAt()).isPositive();

    forEachUpdate(feed.bytes(), counter::update); // every prefix again: an implicit replace
    assertThat(counter.distinct()).isEqualTo(1000);
    assertThat(counter.details()).contains("reannounced=1000", "unexpected=0");

    // Withdraw 10.0.0.5/32 and announce 198.18.0.1/32 (outside the feed) in one UPDATE body.
    ByteBuffer body = ByteBuffer.allocate(64);
    body.putShort((short) 5).put((byte) 32).putInt(BASE + 5);
    body.putShort((short) 0);
    body.put((byte) 32).put(new byte[] {(byte) 198, 18, 0, 1});
    counter.update(body, 0, body.position());
    assertThat(counter.distinct()).isEqualTo(999);
    assertThat(counter.withdrawn()).isEqualTo(1);
    assertThat(counter.unexpected()).isEqualTo(1);
  }

  interface UpdateSink {
    void accept(ByteBuffer buf, int offset, int length);
  }

  private static void forEachUpdate(ByteBuffer stream, UpdateSink sink) {
    while (stream.hasRemaining()) {
      int start = stream.position();
      int length = stream.getShort(start + 16) & 0xFFFF;
      assertThat(stream.get(start + 18)).isEqualTo((byte) Feed.TYPE_UPDATE);
      sink.accept(stream, start + Feed.HEADER, length - Feed.HEADER);
      stream.position(start + length);
    }
  }
}
