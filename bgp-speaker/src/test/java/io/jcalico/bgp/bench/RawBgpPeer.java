package io.jcalico.bgp.bench;

import io.jcalico.bgp.codec.BgpMessageParser;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.codec.Update;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The harness's own minimal BGP speaker on blocking NIO: one session, OPEN with the multiprotocol
 * IPv4 unicast and 4-octet AS capabilities, KEEPALIVEs every 30 s from their own thread, a feed written as pre-encoded
 * bytes, and every UPDATE received counted by a {@link PrefixCounter} in place. It does no route
 * processing at all, so it stays far faster than any system under test. The OPEN, NOTIFICATIONs
 * and the first announcing UPDATE go through the speaker's codec, for the report.
 */
final class RawBgpPeer implements AutoCloseable {
  private static final int HEADER = 19;
  private static final int HOLD_TIME = 180;
  private static final byte[] KEEPALIVE = message(4, new byte[0]);

  private final String name;
  private final byte[] open;
  private final PrefixCounter counter;
  private final CountDownLatch established = new CountDownLatch(1);
  private final Object writeLock = new Object();
  private final Thread thread;
  private volatile boolean closed;
  private volatile SocketChannel channel;
  private volatile ServerSocketChannel server;
  private volatile String failure;
  private volatile Open peerOpen;
  private volatile Update firstUpdate;
  private final ScheduledExecutorService keepalives;
  private int sessions;

  private RawBgpPeer(String name, long as, int routerId, PrefixCounter counter, Runnable run) {
    this.name = name;
    this.counter = counter;
    this.open = openMessage(as, routerId);
    this.thread = new Thread(run, "bench-" + name);
    this.keepalives = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "bench-" + name + "-keepalive");
      t.setDaemon(true);
      return t;
    });
  }

  /** A peer that waits for the system under test to connect to {@code at}. */
  static RawBgpPeer listen(String name, long as, int routerId, InetSocketAddress at, PrefixCounter counter)
      throws IOException {
    ServerSocketChannel server = ServerSocketChannel.open();
    server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
    server.bind(at);
    RawBgpPeer[] self = new RawBgpPeer[1];
    self[0] = new RawBgpPeer(name, as, routerId, counter, () -> self[0].acceptLoop());
    self[0].server = server;
    self[0].thread.start();
    return self[0];
  }

  /** A peer that connects from {@code local} to {@code remote} (feeder straight into monitor). */
  static RawBgpPeer connect(String name, long as, int routerId, InetSocketAddress local,
      InetSocketAddress remote, PrefixCounter counter) {
    RawBgpPeer[] self = new RawBgpPeer[1];
    self[0] = new RawBgpPeer(name, as, routerId, counter, () -> {
      try {
        SocketChannel ch = SocketChannel.open();
        ch.bind(local);
        ch.connect(remote);
        self[0].session(ch);
      } catch (IOException e) {
        self[0].fail("connect to " + remote + ": " + e);
      }
    });
    self[0].thread.start();
    return self[0];
  }

  private void acceptLoop() {
    try {
      while (!closed) {
        SocketChannel ch = server.accept();
        if (sessions > 0) {
          fail("second connection from " + ch.getRemoteAddress() + ": the first session was lost");
          ch.close();
          return;
        }
        session(ch);
      }
    } catch (IOException e) {
      if (!closed) {
        fail("accept: " + e);
      }
    }
  }

  private void session(SocketChannel ch) {
    sessions++;
    channel = ch;
    ByteBuffer buf = ByteBuffer.allocate(1 << 22);
    try (ch) {
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 4 << 20);
      write(ByteBuffer.wrap(open));
      while (!closed) {
        if (ch.read(buf) < 0) {
          if (!closed) {
            fail("peer closed the session");
          }
          return;
        }
        buf.flip();
        while (buf.remaining() >= HEADER) {
          int start = buf.position();
          int length = buf.getShort(start + 16) & 0xFFFF;
          if (length < HEADER) {
            fail("bad message length " + length);
            return;
          }
          if (buf.remaining() < length) {
            break;
          }
          handle(buf.get(start + 18) & 0xFF, buf, start + HEADER, length - HEADER);
          buf.position(start + length);
        }
        buf.compact();
      }
    } catch (IOException e) {
      if (!closed) {
        fail("session: " + e);
      }
    }
  }

  private void handle(int type, ByteBuffer buf, int offset, int length) throws IOException {
    switch (type) {
      case 1 -> {
        write(ByteBuffer.wrap(KEEPALIVE));
        keepalives.scheduleAtFixedRate(this::keepalive, HOLD_TIME / 6, HOLD_TIME / 6, TimeUnit.SECONDS);
        peerOpen = BgpMessageParser.parseOpen(Unpooled.wrappedBuffer(buf.array(), offset, length));
      }
      case 2 -> {
        counter.update(buf, offset, length);
        if (firstUpdate == null && length > 4) {
          Update update = BgpMessageParser.parseUpdate(
              Unpooled.wrappedBuffer(buf.array(), offset, length), CodecOptions.MODERN);
          if (!update.nlri().isEmpty()) {
            firstUpdate = update;
          }
        }
        established.countDown();
      }
      case 3 -> fail("NOTIFICATION " + BgpMessageParser.parseNotification(
          Unpooled.wrappedBuffer(buf.array(), offset, length)));
      case 4 -> established.countDown();
      default -> { }
    }
  }

  private void keepalive() {
    try {
      write(ByteBuffer.wrap(KEEPALIVE));
    } catch (IOException e) {
      if (!closed) {
        fail("keepalive: " + e);
      }
    }
  }

  /**
   * Writes the whole buffer, messages never interleaved with a KEEPALIVE. A slow system under test
   * may keep this blocked for long; its own hold timer is reset by every UPDATE it reads.
   */
  void write(ByteBuffer bytes) throws IOException {
    synchronized (writeLock) {
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
    }
  }

  /** Sends the feed and returns {@link System#nanoTime()} just before its first byte went out. */
  long send(Feed feed) throws IOException {
    long start = System.nanoTime();
    write(feed.bytes());
    return start;
  }

  void awaitEstablished(Duration timeout) throws InterruptedException {
    if (!established.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException(name + ": no session within " + timeout
          + failure().map(f -> " (" + f + ")").orElse(""));
    }
  }

  Optional<String> failure() {
    return Optional.ofNullable(failure);
  }

  Optional<Open> peerOpen() {
    return Optional.ofNullable(peerOpen);
  }

  Optional<Update> firstUpdate() {
    return Optional.ofNullable(firstUpdate);
  }

  PrefixCounter counter() {
    return counter;
  }

  private void fail(String reason) {
    if (failure == null) {
      failure = name + ": " + reason;
    }
  }

  @Override
  public void close() {
    closed = true;
    keepalives.shutdownNow();
    try {
      if (server != null) {
        server.close();
      }
      SocketChannel ch = channel;
      if (ch != null) {
        ch.close();
      }
      thread.join(5000);
    } catch (IOException e) {
      // closing anyway
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static byte[] openMessage(long as, int routerId) {
    ByteBuffer body = ByteBuffer.allocate(10 + 2 + 6 + 6);
    body.put((byte) 4).putShort((short) (as <= 0xFFFF ? as : 23456)).putShort((short) HOLD_TIME)
        .putInt(routerId);
    body.put((byte) 14); // optional parameters length
    body.put((byte) 2).put((byte) 12); // one capabilities parameter
    body.put((byte) 1).put((byte) 4).putShort((short) 1).put((byte) 0).put((byte) 1); // MP IPv4 unicast
    body.put((byte) 65).put((byte) 4).putInt((int) as); // 4-octet AS
    return message(1, java.util.Arrays.copyOf(body.array(), body.position()));
  }

  private static byte[] message(int type, byte[] body) {
    ByteBuffer out = ByteBuffer.allocate(HEADER + body.length);
    for (int i = 0; i < 16; i++) {
      out.put((byte) 0xFF);
    }
    out.putShort((short) (HEADER + body.length)).put((byte) type).put(body);
    return out.array();
  }
}
