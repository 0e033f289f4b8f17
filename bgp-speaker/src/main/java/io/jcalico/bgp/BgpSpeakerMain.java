package io.jcalico.bgp;

import io.jcalico.bgp.api.ApiServer;
import io.jcalico.bgp.config.SpeakerConfig;
import io.jcalico.bgp.server.BgpSpeaker;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The standalone speaker, like gobgpd or bird: {@code bgp-speaker --config speaker.yaml}. */
@Command(name = "bgp-speaker", mixinStandardHelpOptions = true, version = "jcalico bgp-speaker 0.1",
        description = "Runs a BGP-4 speaker from a YAML config and serves the BgpService gRPC API.")
public final class BgpSpeakerMain implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, required = true, description = "speaker YAML config file")
    Path config;

    @Option(names = "--api", description = "API address overriding the config: tcp://host:port or unix:///path")
    String api;

    @Override
    public Integer call() throws Exception {
        SpeakerConfig cfg = SpeakerConfig.load(config);
        if (api != null) {
            cfg = cfg.withApi(api);
        }
        BgpSpeaker speaker = BgpSpeaker.start(cfg);
        ApiServer apiServer = cfg.api() == null ? null : ApiServer.start(cfg.api(), speaker);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (apiServer != null) {
                apiServer.close();
            }
            speaker.close();
            stopped.countDown();
        }, "bgp-speaker-shutdown"));
        stopped.await();
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BgpSpeakerMain()).execute(args));
    }
}
