package dev.evctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;

import dev.evctl.sandbox.SharedBroker;
import dev.evctl.sandbox.registry.SandboxRegistry;

/** One sandbox schema registry on the shared test broker for the whole test JVM; tests use their own subjects. */
final class SharedRegistry {

    private static SandboxRegistry registry;

    private SharedRegistry() {}

    static synchronized String url() {
        if (registry == null) {
            try {
                registry = SandboxRegistry.start(SharedBroker.bootstrapServers(), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the test registry", e);
            }
            SandboxRegistry started = registry;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "evctl-test-registry-stop"));
        }
        return registry.url();
    }
}
