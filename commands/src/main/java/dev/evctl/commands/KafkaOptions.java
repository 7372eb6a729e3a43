package dev.evctl.commands;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.evctl.core.kafka.ConnectionOptions;
import picocli.CommandLine.Option;

/** Connection options shared by every command that talks to Kafka. */
public final class KafkaOptions {

    @Option(
            names = {"-b", "--bootstrap-server"},
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (overrides the context's).")
    String bootstrapServers;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties file, as the Kafka tools take.")
    Path commandConfig;

    @Option(
            names = "-X",
            paramLabel = "KEY=VALUE",
            description = "A Kafka client property, e.g. -X security.protocol=SSL (repeatable; wins over the context)."
                    + " Names are checked; a plugin's own property goes as -X plugin.NAME=VALUE.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How long to wait for the cluster before giving up (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /** How long to wait for the cluster (--timeout). */
    public Duration timeout() {
        return timeout;
    }

    ConnectionOptions toConnectionOptions(String context) {
        return new ConnectionOptions(context, bootstrapServers, commandConfig, overrides, timeout);
    }
}
