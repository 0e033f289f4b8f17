package io.jcalico.bgp.probe;

import io.grpc.ManagedChannel;
import io.grpc.netty.NettyChannelBuilder;
import io.jcalico.bgp.BgpSpeakerMain;
import io.jcalico.bgp.codec.BgpMessageWriter;
import io.jcalico.bgp.codec.Capability;
import io.jcalico.bgp.codec.CodecOptions;
import io.jcalico.bgp.codec.Keepalive;
import io.jcalico.bgp.codec.Open;
import io.jcalico.bgp.codec.UpdatePacker;
import io.jcalico.bgp.codec.attr.AsPath;
import io.jcalico.bgp.codec.attr.AttributeSet;
import io.jcalico.bgp.codec.attr.NextHop;
import io.jcalico.bgp.codec.nlri.AddressFamily;
import io.jcalico.bgp.codec.nlri.Ipv4Prefixes;
import io.jcalico.bgp.codec.nlri.PrefixList;
import io.jcalico.bgp.config.NeighborConfig;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.proto.bgp.BgpServiceGrpc;
import io.jcalico.proto.bgp.FamilyCounters;
import io.jcalico.proto.bgp.ListPeersRequest;
import io.jcalico.proto.bgp.PeerStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Where the standalone speaker's memory goes on the issue 4 feed (1M IPv4 /32s, 100 per attribute
 * set, re-advertised to one eBGP peer): starts {@link BgpSpeakerMain} as a child JVM with the JVM
 * flags given as arguments, feeds it from a raw socket, waits until the speaker reports every prefix
 * advertised to the second (silent) peer, then prints peak and current RSS, the live heap after a
 * full GC, the top of the live-object histogram and, with {@code -XX:NativeMemoryTracking=summary},
 * the JVM's own breakdown. A probe run by hand, not a benchmark and not part of the suite:
 *
 * <pre>
 * java -cp "$(cat cp.txt)" io.jcalico.bgp.probe.SpeakerMemoryProbe -Xmx400m -XX:+UseSerialGC
 * </pre>
 */
public final class SpeakerMemoryProbe {
    static final String FEEDER = "127.0.0.111";
    static final String SPEAKER = "127.0.0.112";
    static final String MONITOR = "127.0.0.113";
    static final CodecOptions OPTIONS = new CodecOptions(true, false);

    public static void main(String[] args) throws Exception {
        int prefixes = Integer.getInteger("prefixes", 1_000_000);
        int perSet = Integer.getInteger("perSet", 100);
        try (ServerSocket feederListen = listen(FEEDER); ServerSocket monitorListen = listen(MONITOR)) {
            int apiPort = freePort();
            SpeakerConfig config = SpeakerConfig.of("198.18.0.112", 65102, SPEAKER, 0)
                    .withApi("tcp://127.0.0.1:" + apiPort)
                    .withNeighbor(neighbor(FEEDER, feederListen.getLocalPort(), 65101))
                    .withNeighbor(neighbor(MONITOR, monitorListen.getLocalPort(), 65103));
            Path dir = Files.createTempDirectory("jcalico-probe-");
            Path yaml = dir.resolve("speaker.yaml");
            Files.writeString(yaml, config.toYaml());
            List<String> command = new ArrayList<>(List.of(Paths.get(System.getProperty("java.home"), "bin", "java").toString()));
            command.addAll(List.of(args));
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), BgpSpeakerMain.class.getName(),
                    "-c", yaml.toString()));
            Process speaker = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("speaker.log").toFile()).start();
            ManagedChannel api = null;
            try (Socket feeder = accept(feederListen, 65101, 0xC6120065);
                 Socket monitor = accept(monitorListen, 65103, 0xC6120067)) {
                api = NettyChannelBuilder.forAddress("127.0.0.1", apiPort).usePlaintext().build();
                BgpServiceGrpc.BgpServiceBlockingStub stub = BgpServiceGrpc.newBlockingStub(api);
                ByteBuf feed = feed(prefixes, perSet);
                System.out.printf(Locale.ROOT, "speaker pid %d, flags %s%nfeed: %,d prefixes, %d per set, %.1f MiB%n",
                        speaker.pid(), List.of(args), prefixes, perSet, feed.readableBytes() / 1048576.0);
                awaitEstablished(stub);
                long start = System.nanoTime();
                feed.readBytes(feeder.getOutputStream(), feed.readableBytes());
                awaitAdvertised(stub, prefixes);
                System.out.printf(Locale.ROOT, "all %,d advertised after %.2f s%n", prefixes, (System.nanoTime() - start) / 1e9);
                report(speaker.pid());
            } finally {
                if (api != null) {
                    api.shutdownNow();
                }
                speaker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                try (var files = Files.list(dir)) {
                    for (Path f : files.toList()) {
                        Files.delete(f);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    static NeighborConfig neighbor(String address, int port, long asn) {
        return NeighborConfig.of(address, port, asn).withLocalAddress(SPEAKER).withHoldTime(0)
                .withNextHops("198.18.0.112", null);
    }

    static ServerSocket listen(String address) throws IOException {
        return new ServerSocket(0, 1, InetAddress.getByName(address));
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Accepts the speaker, says OPEN (hold time 0: no keepalives) and KEEPALIVE, discards what it sends. */
    static Socket accept(ServerSocket listen, long asn, int routerId) throws IOException {
        Socket s = listen.accept();
        ByteBuf hello = Unpooled.buffer();
        BgpMessageWriter.write(Open.of(asn, 0, routerId, List.of(new Capability.MultiProtocol(AddressFamily.IPV4_UNICAST))),
                CodecOptions.DEFAULT, hello);
        BgpMessageWriter.write(Keepalive.INSTANCE, CodecOptions.DEFAULT, hello);
        hello.readBytes(s.getOutputStream(), hello.readableBytes());
        Thread drain = new Thread(() -> {
            byte[] buf = new byte[1 << 16];
            try (InputStream in = s.getInputStream()) {
                while (in.read(buf) >= 0) {
                    // the monitor only needs to keep the speaker's socket writable
                }
            } catch (IOException closed) {
                // probe over
            }
        }, "drain-" + asn);
        drain.setDaemon(true);
        drain.start();
        return s;
    }

    /** The feed as the benchmark's: /32s from 10.0.0.0, each set told apart by one community. */
    static ByteBuf feed(int prefixes, int perSet) {
        ByteBuf out = Unpooled.buffer(prefixes * 6);
        for (int first = 0, set = 0; first < prefixes; first += perSet, set++) {
            int n = Math.min(perSet, prefixes - first);
            long[] keys = new long[n];
            for (int i = 0; i < n; i++) {
                keys[i] = Ipv4Prefixes.pack(0x0A000000 + first + i, 32);
            }
            AttributeSet attrs = AttributeSet.builder().origin(AttributeSet.ORIGIN_IGP).asPath(AsPath.sequence(65101))
                    .nextHop(NextHop.parse("198.18.0.111")).communities((65101 << 16) | (set & 0xFFFF)).build();
            UpdatePacker.announce(attrs, PrefixList.ipv4(keys), OPTIONS, out);
        }
        return out;
    }

    static void awaitEstablished(BgpServiceGrpc.BgpServiceBlockingStub stub) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (stub.listPeers(ListPeersRequest.getDefaultInstance()).getPeersList().stream()
                .anyMatch(p -> p.getState() != io.jcalico.proto.bgp.SessionState.ESTABLISHED)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("sessions not up: " + stub.listPeers(ListPeersRequest.getDefaultInstance()));
            }
            Thread.sleep(50);
        }
    }

    static void awaitAdvertised(BgpServiceGrpc.BgpServiceBlockingStub stub, int prefixes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (true) {
            PeerStatus monitor = stub.listPeers(ListPeersRequest.newBuilder().setAddress(MONITOR).build()).getPeers(0);
            long advertised = monitor.getCountersList().stream().mapToLong(FamilyCounters::getAdvertised).sum();
            if (advertised >= prefixes) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + advertised + " advertised: " + monitor);
            }
            Thread.sleep(20);
        }
    }

    static void report(long pid) throws Exception {
        Thread.sleep(500);
        System.out.println("after convergence: " + status(pid));
        run("jcmd", Long.toString(pid), "GC.run");
        System.out.println("after a full GC:   " + status(pid));
        System.out.println(run("jcmd", Long.toString(pid), "GC.heap_info"));
        String histogram = run("jmap", "-histo:live", Long.toString(pid));
        histogram.lines().limit(18).forEach(System.out::println);
        String nmt = run("jcmd", Long.toString(pid), "VM.native_memory", "summary");
        if (!nmt.contains("not enabled")) {
            nmt.lines().filter(l -> l.startsWith("Total") || l.startsWith("-") || l.contains("committed=") && !l.startsWith(" ") ).limit(30)
                    .forEach(System.out::println);
        }
    }

    static String status(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmHWM") || l.startsWith("VmRSS") || l.startsWith("RssAnon") || l.startsWith("Threads"))
                .map(l -> l.replaceAll("\\s+", " ")).reduce((a, b) -> a + ", " + b).orElse("");
    }

    static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }
}
