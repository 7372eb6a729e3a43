package dev.evctl.sandbox;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One in-process broker for a whole test JVM, started on first use on free loopback ports with
 * the secure listener too, and stopped when the JVM exits. Tests share it and use their own topics.
 */
public final class SharedBroker {

    private static EmbeddedKafka broker;

    private SharedBroker() {}

    public static synchronized EmbeddedKafka get() {
        if (broker == null) {
            try {
                Path dir = Files.createTempDirectory("evctl-test-broker-");
                // tests write records with fixed, years-old timestamps: no time-based retention may delete them mid-run
                broker = EmbeddedKafka.start(new BrokerSettings(dir, 0, 0, true, Map.of("log.retention.ms", "-1")));
                EmbeddedKafka started = broker;
                Runtime.getRuntime().addShutdownHook(new Thread(started::close, "evctl-test-broker-stop"));
            } catch (IOException e) {
                throw new IllegalStateException("cannot create the test broker's directory", e);
            }
        }
        return broker;
    }

    public static String bootstrapServers() {
        return get().bootstrapServers();
    }
}
