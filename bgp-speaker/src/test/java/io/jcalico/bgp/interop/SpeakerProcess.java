package io.jcalico.bgp.interop;

import io.jcalico.bgp.BgpSpeakerMain;
import io.jcalico.bgp.config.SpeakerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Our standalone speaker ({@link BgpSpeakerMain}) as a child JVM, so a test can kill it like a
 * crashed daemon (SIGKILL: the kernel closes its sessions, no NOTIFICATION is sent).
 */
final class SpeakerProcess implements AutoCloseable {
    private final Path dir;
    private Process process;

    SpeakerProcess() throws IOException {
        dir = Files.createTempDirectory("jcalico-speaker-");
    }

    /** Starts the speaker with {@code config} written as its YAML file. */
    void start(SpeakerConfig config) throws IOException {
        Path yaml = dir.resolve("speaker.yaml");
        Files.writeString(yaml, config.toYaml());
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        process = new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), BgpSpeakerMain.class.getName(), "-c", yaml.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("speaker.log").toFile()))
                .start();
    }

    /** SIGKILL, as a crash. */
    void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    String log() {
        try {
            Path f = dir.resolve("speaker.log");
            return Files.exists(f) ? Files.readString(f) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        kill();
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }
}
