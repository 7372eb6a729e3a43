package dev.evctl.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

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

    /** evctl in {@code home} with this registry set and a context "test" on the shared broker, in use. */
    static Evctl evctl(Path home) {
        Evctl evctl = new Evctl(home).env("EVCTL_REGISTRY_URL", url());
        evctl.ok("config", "set-context", "test", "-b", SharedBroker.bootstrapServers(), "--use");
        return evctl;
    }
}
