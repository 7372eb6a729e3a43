package dev.evctl.core.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * What the user asked for on the command line: a context name, bootstrap servers, a client
 * properties file, {@code -X} overrides, and how long to wait for the cluster.
 */
public record ConnectionOptions(
        String context, String bootstrapServers, Path commandConfig, Map<String, String> overrides, Duration timeout) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public ConnectionOptions {
        overrides = overrides == null ? Map.of() : Map.copyOf(overrides);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    }

    public static ConnectionOptions bootstrap(String servers) {
        return new ConnectionOptions(null, servers, null, Map.of(), DEFAULT_TIMEOUT);
    }
}
