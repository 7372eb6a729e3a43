package dev.evctl.commands.schema;

import java.time.Duration;

import dev.evctl.commands.DurationConverter;
import dev.evctl.commands.RegistryUrlOption;
import dev.evctl.commands.Session;
import dev.evctl.schema.registry.RegistryClient;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Registry options shared by the schema commands. */
public final class RegistryOptions {

    @Mixin
    RegistryUrlOption url;

    @Option(
            names = "--timeout",
            paramLabel = "DURATION",
            defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Registry request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    RegistryClient client(Session session) {
        return session.clients().registry(url.url(), timeout);
    }
}
